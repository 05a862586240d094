package org.cutmixsl.spark.round;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.cutmixsl.model.codec.PayloadHeader;
import org.cutmixsl.model.codec.TokenCodec;
import org.cutmixsl.model.train.ClientHead;
import org.cutmixsl.model.train.ImageBatch;
import org.cutmixsl.model.train.TrainingDivergedException;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.spark.method.StepLayout;
import org.cutmixsl.spark.records.ClientShard;
import org.cutmixsl.spark.records.GradientRecord;
import org.cutmixsl.spark.records.HeadState;
import org.cutmixsl.spark.records.HeadUpdate;
import org.cutmixsl.spark.records.StepHeads;
import org.cutmixsl.spark.records.TaskGpus;
import org.cutmixsl.spark.records.WireSize;
import scala.Tuple2;

/**
 * The client-backward task: for each client that received a gradient record, recompute its minibatch
 * and head forward pass (the same as in the forward stage), scatter the received gradient into a
 * B×P×D tensor that is zero at the tokens it did not send, backpropagate, step its optimiser, and send
 * the updated head state back.
 */
public final class ClientBackward implements FlatMapFunction<Iterator<Tuple2<Integer, ClientShard>>, HeadUpdate> {

    private static final long serialVersionUID = 1L;

    private final StepContext step;
    private final PartitionBroadcasts<StepHeads> heads;
    private final PartitionBroadcasts<GradientRecord[]> gradients;

    ClientBackward(StepContext step, PartitionBroadcasts<StepHeads> heads, PartitionBroadcasts<GradientRecord[]> gradients) {
        this.step = step;
        this.heads = heads;
        this.gradients = gradients;
    }

    @Override
    public Iterator<HeadUpdate> call(Iterator<Tuple2<Integer, ClientShard>> shards) {
        List<HeadUpdate> out = new ArrayList<>();
        TaskGpus gpus = TaskGpus.current();
        Map<Integer, GradientRecord> received = new HashMap<>();
        for (GradientRecord g : gradients.forThisTask()) {
            received.put(g.client(), g);
        }
        ClientHead head = null;
        try {
            while (shards.hasNext()) {
                ClientShard shard = shards.next()._2();
                GradientRecord gradient = received.remove(shard.client());
                if (gradient == null) {
                    continue;
                }
                if (head == null) {
                    head = step.newHead();
                }
                out.add(backward(head, shard, gradient.verify(), gpus));
            }
            if (!received.isEmpty()) {
                throw new IllegalStateException("gradient records for clients " + received.keySet()
                        + " whose shards are not in this partition");
            }
        } finally {
            if (head != null) {
                head.close();
            }
        }
        return out.iterator();
    }

    private HeadUpdate backward(ClientHead head, ClientShard shard, GradientRecord gradient, TaskGpus gpus) {
        long started = System.nanoTime();
        int client = shard.client();
        StepLayout layout = step.layout();
        int patches = step.model.patchCount();
        int dim = step.model.width();
        PayloadHeader header = TokenCodec.header(gradient.payload());
        if (header.batch() != step.batch || header.patches() != patches || header.dim() != dim) {
            throw new IllegalStateException("gradient for client " + client + " in round " + step.round + " has shape ("
                    + header.batch() + ", " + header.patches() + ", " + header.dim() + "), the client sent ("
                    + step.batch + ", " + patches + ", " + dim + ")");
        }
        // Zero wherever the client sent nothing; the decoder refuses a gradient for other tokens than it sent.
        float[] grad = new float[step.batch * patches * dim];
        TokenCodec.decodeInto(gradient.payload(), grad, 0, layout.selection(client));
        // Where a NaN first appears is what a rare, unreproduced divergence needs (README, "A NaN that resume does
        // not repeat"): the server's gradient, or this client's own step below.
        TrainingDivergedException.requireFinite(grad, "round " + step.round + " step " + step.step + ": client "
                + client + "'s decoded gradient from the server");

        HeadState state = heads.forThisTask().stateOf(client);
        head.loadState(ParameterVector.fromBytes(state.parameters()), state.optimizer());
        ImageBatch batch = step.minibatch(shard);
        head.backward(batch, grad, step.method.transform(layout, client, step.seed, step.round, step.step));
        head.step();
        ParameterVector stepped = head.parameters();
        // The server's loss was finite (ServerStep checks it); a head that is not is this client's own divergence.
        TrainingDivergedException.requireFinite(stepped.values(), "round " + step.round + " step " + step.step
                + ": client " + client + "'s head parameters after its optimiser step");
        byte[] parameters = stepped.toBytes();
        HeadState updated = new HeadState(parameters, head.optimizerState());
        long parameterBytes = WireSize.of(new HeadState(parameters, new byte[0]));
        return new HeadUpdate(client, shard.size(), updated, parameterBytes, gpus,
                (System.nanoTime() - started) / 1e9);
    }
}
