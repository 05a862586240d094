package org.cutmixsl.spark.round;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.cutmixsl.model.codec.TokenCodec;
import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.privacy.DistanceCorrelation;
import org.cutmixsl.model.train.ClientHead;
import org.cutmixsl.model.train.ImageBatch;
import org.cutmixsl.model.train.SmashedTransform;
import org.cutmixsl.model.train.TrainingDivergedException;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.spark.device.DeviceResolver;
import org.cutmixsl.spark.method.StepLayout;
import org.cutmixsl.spark.records.ClientShard;
import org.cutmixsl.spark.records.ClientUpload;
import org.cutmixsl.spark.records.CutSmashedRecord;
import org.cutmixsl.spark.records.HeadState;
import org.cutmixsl.spark.records.StepHeads;
import org.cutmixsl.spark.records.TaskGpus;
import org.cutmixsl.spark.records.WireSize;
import org.cutmixsl.spark.run.TestingHolds;
import scala.Tuple2;

/**
 * The client-forward task: for each client of the step in this partition, recompute its minibatch, run
 * its head, apply the method's transform, keep the tokens its layout says it sends, encode them and
 * emit the CutSmashed record with its serialized size. One head object per task, loaded with each
 * client's state in turn.
 */
public final class ClientForward implements FlatMapFunction<Iterator<Tuple2<Integer, ClientShard>>, ClientUpload> {

    private static final long serialVersionUID = 1L;

    private final StepContext step;
    private final PartitionBroadcasts<StepHeads> heads;

    ClientForward(StepContext step, PartitionBroadcasts<StepHeads> heads) {
        this.step = step;
        this.heads = heads;
    }

    @Override
    public Iterator<ClientUpload> call(Iterator<Tuple2<Integer, ClientShard>> shards) {
        TestingHolds.clientForwardTask(step.testing, step.round + 1);
        List<ClientUpload> out = new ArrayList<>();
        TaskGpus gpus = TaskGpus.current();
        ClientHead head = null;
        try {
            while (shards.hasNext()) {
                ClientShard shard = shards.next()._2();
                int client = shard.client();
                if (!step.sends(client)) {
                    continue;
                }
                injectFailures(client);
                if (head == null) {
                    head = step.newHead();
                }
                out.add(forward(head, shard, client, gpus));
            }
        } finally {
            if (head != null) {
                head.close();
            }
        }
        return out.iterator();
    }

    private ClientUpload forward(ClientHead head, ClientShard shard, int client, TaskGpus gpus) {
        long started = System.nanoTime();
        HeadState state = heads.forThisTask().stateOf(client);
        head.loadParameters(ParameterVector.fromBytes(state.parameters()));
        StepLayout layout = step.layout();
        ImageBatch batch = step.minibatch(shard);
        SmashedTransform transform = step.method.transform(layout, client, step.seed, step.round, step.step);
        float[] smashed = head.smash(batch, transform);
        TrainingDivergedException.requireFinite(smashed, "round " + step.round + " step " + step.step + ": client "
                + client + "'s smashed data");
        TokenSelection kept = layout.selection(client);
        byte[] payload = TokenCodec.encode(smashed, step.batch, step.model.patchCount(), step.model.width(), kept,
                step.encoding());
        CutSmashedRecord record = new CutSmashedRecord(step.round, step.step, layout.groupOf(client), client,
                step.batch, batch.labels(), payload);
        double seconds = (System.nanoTime() - started) / 1e9; // not the measurement below: a real client skips it
        double leakage = step.measuresPrivacy ? distanceCorrelation(batch, payload) : Double.NaN;
        if (step.testing.corruptPayloadOfClient == client && step.testing.corruptRound == step.round) {
            record = record.withFlippedPayloadByte(payload.length / 2); // a byte damaged on the wire
        }
        return new ClientUpload(record, WireSize.of(record), leakage, gpus, seconds);
    }

    /**
     * Bias-corrected dCor² between the raw images (in [0, 1]) and exactly what the server will decode from the
     * payload: quantised, noised where the method adds noise, punched tokens as zeros.
     */
    private double distanceCorrelation(ImageBatch batch, byte[] payload) {
        float[] images = new float[batch.pixels().length];
        for (int i = 0; i < images.length; i++) {
            images[i] = (batch.pixels()[i] & 0xFF) / 255f;
        }
        float[] received = new float[step.batch * step.model.patchCount() * step.model.width()];
        TokenCodec.decodeInto(payload, received, 0);
        DeviceResolver.pinNd4jForTask(); // ND4J's CUDA backend (-Pcuda,nd4j-cuda) on this task's GPU; else no-op
        return DistanceCorrelation.biasCorrected(images, step.batch, received, step.batch);
    }

    private void injectFailures(int client) {
        TaskContext task = TaskContext.get();
        // -1 means off, and is also the pooled "client" id of centralized training: ids below 0 never fail.
        if (step.testing.failFirstAttemptOfClient >= 0 && step.testing.failFirstAttemptOfClient == client
                && task != null && task.attemptNumber() == 0
                && step.round == 0) {
            throw new IllegalStateException("testing.failFirstAttemptOfClient = " + client
                    + ": failing the first attempt of this task on purpose");
        }
        if (step.testing.failEveryAttemptOfClient >= 0 && step.testing.failEveryAttemptOfClient == client
                && (step.testing.failEveryAttemptInRound < 0 || step.testing.failEveryAttemptInRound == step.round + 1)) {
            throw new IllegalStateException("testing.failEveryAttemptOfClient = " + client
                    + ": failing every attempt of this task on purpose");
        }
    }
}
