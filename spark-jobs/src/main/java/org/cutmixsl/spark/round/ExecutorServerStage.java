package org.cutmixsl.spark.round;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.train.Autograd;
import org.cutmixsl.model.train.BodyAndTail;
import org.cutmixsl.model.train.PartState;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.device.DeviceResolver;
import org.cutmixsl.spark.rdd.PartitionJobs;
import org.cutmixsl.spark.records.ClientUpload;
import org.cutmixsl.spark.records.GradientRecord;
import org.cutmixsl.spark.records.ServerOutput;
import org.cutmixsl.spark.records.TaskGpus;
import org.cutmixsl.spark.run.Checkpoint;
import org.cutmixsl.spark.run.RunDirectory;

/**
 * The server step as a one-task Spark stage ({@code server.placement = executor}): the step's uploads are
 * shuffled into a single partition, whose task loads body, tail and optimiser state from the run
 * directory, trains, and saves the new state under a name fixed by (round, step). A retried or
 * recomputed task therefore starts from the same state and writes the same file. On a cluster the
 * stage carries a ResourceProfile asking for {@code server.cpus} and {@code server.gpus} (stage-level
 * scheduling); local mode accepts no profile, so there it runs without one.
 */
public final class ExecutorServerStage implements ServerStage {

    static final String FOLDER = "server";

    private final JavaSparkContext jsc;
    private final TrainConfig config;
    private final OptimizerConfig optim;
    private final RunDirectory run;
    private final ResourceProfile profile;
    private String current;

    /**
     * @param jsc the context
     * @param config the run's configuration
     * @param optim server optimiser settings with the run's schedule length
     * @param run the run directory, which holds the server's state between rounds
     */
    public ExecutorServerStage(JavaSparkContext jsc, TrainConfig config, OptimizerConfig optim, RunDirectory run) {
        this.jsc = jsc;
        this.config = config;
        this.optim = optim;
        this.run = run;
        this.profile = needsProfile(jsc.master(), config) ? profile(config) : null;
        try (BodyAndTail initial = new BodyAndTail(config.model, optim, Device.cpu(), config.seed)) {
            importState(new PartState[] {initial.body().exportState(), initial.tail().exportState()});
        }
    }

    private static boolean needsProfile(String master, TrainConfig config) {
        return !TrainConfig.isLocalMaster(master) && (config.serverGpus > 0 || config.serverCpus > 1);
    }

    private static ResourceProfile profile(TrainConfig config) {
        TaskResourceRequests task = new TaskResourceRequests().cpus(config.serverCpus);
        if (config.serverGpus > 0) {
            task = task.resource("gpu", config.serverGpus);
        }
        return new ResourceProfileBuilder().require(task).build();
    }

    @Override
    public Outcome run(StepContext step, JavaRDD<ClientUpload> uploads, String description) {
        long start = System.nanoTime();
        String next = String.format(Locale.ROOT, "%s/round-%06d-step-%03d.state", FOLDER, step.round + 1, step.step);
        JavaRDD<ServerOutput> stage = PartitionJobs.mapPartitions(uploads.repartition(1), new ServerTask(step, config,
                optim, run.root().toString(), current, next));
        if (profile != null) {
            stage = stage.withResources(profile);
        }
        jsc.setJobDescription(description + " (one executor task" + (profile != null ? ", " + config.serverCpus
                + " cpus, " + config.serverGpus + " gpus" : "") + ")");
        List<ServerOutput> outputs = PartitionJobs.collect(stage);
        if (outputs.size() != 1) {
            throw new IllegalStateException("the server stage returned " + outputs.size() + " results, expected 1");
        }
        ServerOutput out = outputs.get(0);
        String previous = current;
        current = next;
        if (previous != null && previous.contains("/round-")) {
            run.delete(previous);
        }
        double total = (System.nanoTime() - start) / 1e9;
        return new Outcome(new ServerStep.Result(out.loss(), Arrays.asList(out.gradients()),
                Drops.parse(out.dropped())), out.uploadBytes(),
                Math.max(0, total - out.seconds()), out.seconds(), out.distanceCorrelation(), out.forwardTasks(),
                List.of(out.task()), out.uploads());
    }

    @Override
    public PartState[] exportState() {
        return ServerState.read(run.readBytes(current));
    }

    @Override
    public void importState(PartState[] bodyAndTail) {
        current = FOLDER + "/start.state";
        run.writeBytes(current, ServerState.bytes(bodyAndTail));
    }

    @Override
    public byte[][] parameters() {
        PartState[] state = exportState();
        return new byte[][] {state[0].parameters(), state[1].parameters()};
    }

    @Override
    public void close() {
    }

    /** The one server task: load the state, run the step, save the state, answer. */
    static final class ServerTask implements FlatMapFunction<Iterator<ClientUpload>, ServerOutput> {
        private static final long serialVersionUID = 1L;
        private final StepContext step;
        private final TrainConfig config;
        private final OptimizerConfig optim;
        private final String runRoot;
        private final String stateIn;
        private final String stateOut;

        ServerTask(StepContext step, TrainConfig config, OptimizerConfig optim, String runRoot, String stateIn,
                   String stateOut) {
            this.step = step;
            this.config = config;
            this.optim = optim;
            this.runRoot = runRoot;
            this.stateIn = stateIn;
            this.stateOut = stateOut;
        }

        @Override
        public Iterator<ServerOutput> call(Iterator<ClientUpload> received) {
            List<ClientUpload> uploads = new ArrayList<>();
            received.forEachRemaining(uploads::add);
            long start = System.nanoTime();
            RunDirectory run = new RunDirectory(runRoot, new Configuration());
            Autograd.setThreads(config.serverThreads);
            try (BodyAndTail model = new BodyAndTail(config.model, optim, DeviceResolver.forTask(config.device),
                    config.seed)) {
                PartState[] state = ServerState.read(run.readBytes(stateIn));
                model.body().importState(state[0]);
                model.tail().importState(state[1]);
                ServerStep.Result result = ServerStep.run(model, step, uploads, config.serverMicroBatch);
                run.writeBytes(stateOut, ServerState.bytes(new PartState[] {model.body().exportState(),
                        model.tail().exportState()}));
                double seconds = (System.nanoTime() - start) / 1e9;
                return List.of(new ServerOutput(result.loss(), result.gradients().toArray(new GradientRecord[0]),
                        ServerStage.bytesOf(uploads), seconds, ServerStage.meanDistanceCorrelation(uploads),
                        TaskGpus.current(), ServerStage.forwardTasks(uploads), ServerStage.costsOf(uploads),
                        Drops.format(result.dropped()))).iterator();
            }
        }
    }

    /** Body and tail state as one file: the checkpoint's own encoding, twice. */
    static final class ServerState {
        private ServerState() {}

        static byte[] bytes(PartState[] bodyAndTail) {
            byte[] body = Checkpoint.encodeState(bodyAndTail[0]);
            byte[] tail = Checkpoint.encodeState(bodyAndTail[1]);
            java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(8 + body.length + tail.length);
            out.putInt(body.length).put(body).putInt(tail.length).put(tail);
            return out.array();
        }

        static PartState[] read(byte[] bytes) {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
            byte[] body = new byte[in.getInt()];
            in.get(body);
            byte[] tail = new byte[in.getInt()];
            in.get(tail);
            return new PartState[] {Checkpoint.decodeState(body), Checkpoint.decodeState(tail)};
        }
    }
}
