package org.cutmixsl.spark.round;

import ai.djl.Device;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.train.Autograd;
import org.cutmixsl.model.train.BodyAndTail;
import org.cutmixsl.model.train.PartState;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.rdd.PartitionJobs;
import org.cutmixsl.spark.records.ClientUpload;

/**
 * The server step on the driver (the default): the uploads are collected, and body and tail live in
 * the driver's memory between rounds, using {@code server.threads} intra-op threads.
 */
public final class DriverServerStage implements ServerStage {

    private final TrainConfig config;
    private final BodyAndTail model;

    /**
     * @param config the run's configuration
     * @param optim server optimiser settings with the run's schedule length
     * @param device the driver's device
     */
    public DriverServerStage(TrainConfig config, OptimizerConfig optim, Device device) {
        this.config = config;
        this.model = new BodyAndTail(config.model, optim, device, config.seed);
    }

    @Override
    public Outcome run(StepContext step, JavaRDD<ClientUpload> uploads, String description) {
        long start = System.nanoTime();
        List<ClientUpload> collected = PartitionJobs.collect(uploads);
        long collectedAt = System.nanoTime();
        Autograd.setThreads(config.serverThreads);
        ServerStep.Result result = ServerStep.run(model, step, collected, config.serverMicroBatch);
        double serverSeconds = (System.nanoTime() - collectedAt) / 1e9;
        return new Outcome(result, ServerStage.bytesOf(collected), (collectedAt - start) / 1e9, serverSeconds,
                ServerStage.meanDistanceCorrelation(collected), ServerStage.forwardTasks(collected), List.of(),
                ServerStage.costsOf(collected));
    }

    @Override
    public PartState[] exportState() {
        return new PartState[] {model.body().exportState(), model.tail().exportState()};
    }

    @Override
    public void importState(PartState[] bodyAndTail) {
        model.body().importState(bodyAndTail[0]);
        model.tail().importState(bodyAndTail[1]);
    }

    @Override
    public byte[][] parameters() {
        return new byte[][] {model.body().parameters().toBytes(), model.tail().parameters().toBytes()};
    }

    @Override
    public void close() {
        model.close();
    }
}
