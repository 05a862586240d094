package org.cutmixsl.model.train;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.codec.TokenCodec;
import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.mixer.CutMixMixer;
import org.cutmixsl.model.mixer.GroupMixer;
import org.cutmixsl.model.mixer.MixedBatch;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.plan.GroupPlan;
import org.cutmixsl.model.plan.MixingPlan;
import org.cutmixsl.model.plan.MixingPlanner;
import org.cutmixsl.model.plan.PatchGrid;
import org.cutmixsl.model.plan.PlanConfig;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.model.vit.ViTConfig;

/**
 * CutMixSL in one JVM, without Spark: every client's head forward, punch and encode, decode and CutMix at
 * the server, body and tail forward and backward, gradient split and encode, each client's recomputed
 * head forward and backward, its head step, FedAvg of the heads. The same computation the Spark job
 * distributes, so it is the reference the Spark job's speed is measured against.
 *
 * <p>With another mixer and plan it runs the same loop for the unmixed baselines whose heads are averaged every
 * round: {@link org.cutmixsl.model.mixer.ConcatBatcher} with groups of one client is SplitFed (SFL).
 */
public final class BareLoop implements AutoCloseable {

    private final GroupMixer mixer;
    private final Settings settings;
    private final List<ClientSamples> clients;
    private final BodyAndTail server;
    private final long[] phaseNanos = new long[3];
    private final ClientHead head;
    private byte[] globalHead;
    private final SortedMap<Integer, byte[]> optimizers = new TreeMap<>();

    /**
     * @param settings what to train
     * @param clients every client's data, client ids 0..N−1 in order
     */
    public BareLoop(Settings settings, List<ClientSamples> clients) {
        this(settings, clients, new CutMixMixer());
    }

    /**
     * @param settings what to train
     * @param clients every client's data, client ids 0..N−1 in order
     * @param mixer how the server builds each group's batch (and so what each client uploads)
     */
    public BareLoop(Settings settings, List<ClientSamples> clients, GroupMixer mixer) {
        this.mixer = mixer;
        this.settings = settings;
        this.clients = clients;
        this.server = new BodyAndTail(settings.model(), settings.serverOptim(), settings.device(), settings.seed());
        this.head = new ClientHead(settings.model(), settings.clientOptim(), settings.device(), settings.seed());
        this.globalHead = head.parameters().toBytes();
    }

    /**
     * Trains one round: every client processes one minibatch.
     *
     * @param round the round (0-based)
     * @return the round's training loss
     */
    public float round(int round) {
        long started = System.nanoTime();
        ViTConfig model = settings.model();
        int b = settings.batchSize();
        int p = model.patchCount();
        int d = model.width();
        int[] ids = new int[clients.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        MixingPlan plan = MixingPlanner.plan(settings.seed(), round, ids, b,
                new PatchGrid(model.gridRows(), model.gridCols()), settings.plan());
        ParameterVector start = ParameterVector.fromBytes(globalHead);

        // Clients: head forward, punch, encode.
        Autograd.setThreads(settings.clientThreads());
        byte[][] uploads = new byte[ids.length][];
        ImageBatch[] batches = new ImageBatch[ids.length];
        for (int c : ids) {
            ClientSamples data = clients.get(c);
            batches[c] = data.batch(MinibatchSampler.indices(settings.seed(), c, round, data.size(), b));
            head.loadParameters(start);
            float[] smashed = head.smash(batches[c], SmashedTransform.IDENTITY);
            TokenSelection kept = selection(plan, c);
            uploads[c] = TokenCodec.encode(smashed, b, p, d, kept, settings.encoding());
        }

        // Server: decode, CutMix, body and tail, gradient split, encode.
        long serverStarted = System.nanoTime();
        Autograd.setThreads(settings.serverThreads());
        byte[][] answers = new byte[ids.length][];
        List<MicroBatchedPass.Group> groups = new ArrayList<>();
        for (GroupPlan g : plan.groups()) {
            int[] members = g.members();
            groups.add(new MicroBatchedPass.Group() {
                @Override
                public int samples() {
                    return mixer.mixedBatchSize(g);
                }

                @Override
                public MixedBatch mix() {
                    byte[][] payloads = new byte[members.length][];
                    int[][] labels = new int[members.length][];
                    for (int m = 0; m < members.length; m++) {
                        payloads[m] = uploads[members[m]];
                        labels[m] = batches[members[m]].labels();
                    }
                    return mixer.mix(g, payloads, labels, model.classes());
                }

                @Override
                public void gradient(float[] gradTokens) {
                    byte[][] split = mixer.splitGradient(g, gradTokens, d, settings.encoding());
                    for (int m = 0; m < members.length; m++) {
                        answers[members[m]] = split[m];
                    }
                }
            });
        }
        float loss = MicroBatchedPass.run(server, groups, settings.microBatch());
        server.step();

        // Clients: decode the gradient, recompute the head, backpropagate, step; then FedAvg.
        long backwardStarted = System.nanoTime();
        Autograd.setThreads(settings.clientThreads());
        double[] sum = null;
        double weights = 0;
        for (int c : ids) {
            float[] grad = new float[b * p * d];
            TokenCodec.decodeInto(answers[c], grad, 0, selection(plan, c));
            head.loadState(start, optimizers.getOrDefault(c, new byte[0]));
            head.backward(batches[c], grad, SmashedTransform.IDENTITY);
            head.step();
            optimizers.put(c, head.optimizerState());
            float[] values = head.parameters().values();
            if (sum == null) {
                sum = new double[values.length];
            }
            double w = clients.get(c).size();
            for (int i = 0; i < values.length; i++) {
                sum[i] += w * values[i];
            }
            weights += w;
        }
        float[] average = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            average[i] = (float) (sum[i] / weights);
        }
        globalHead = new ParameterVector(start.layout(), average).toBytes();
        phaseNanos[0] += serverStarted - started;
        phaseNanos[1] += backwardStarted - serverStarted;
        phaseNanos[2] += System.nanoTime() - backwardStarted;
        return loss;
    }

    /**
     * @return seconds spent so far, over every round, in the clients' forward (head, encode), the server (decode, mix,
     *     body and tail, gradient split and encode, its step) and the clients' backward (decode, head recompute and
     *     backward, step, FedAvg): the same three phases as the Spark job's round metrics
     */
    public double[] phaseSeconds() {
        return new double[] {phaseNanos[0] / 1e9, phaseNanos[1] / 1e9, phaseNanos[2] / 1e9};
    }

    private TokenSelection selection(MixingPlan plan, int client) {
        return mixer.uploadSelection(plan.groupOf(client), plan.memberIndexOf(client));
    }

    /**
     * @param test test images with labels, in batches
     * @return top-1 accuracy of the current model
     */
    public double accuracy(List<ImageBatch> test) {
        Autograd.setThreads(settings.serverThreads());
        try (InferenceModel inference = new InferenceModel(settings.model(), settings.device())) {
            inference.load(ParameterVector.fromBytes(globalHead), server.body().parameters(), server.tail().parameters());
            long correct = 0;
            long total = 0;
            for (ImageBatch batch : test) {
                correct += inference.correct(batch);
                total += batch.size();
            }
            return (double) correct / total;
        }
    }

    @Override
    public void close() {
        try {
            head.close();
        } finally {
            server.close();
        }
    }

    /**
     * @param model the model shape
     * @param plan the mixing plan settings
     * @param encoding upload and gradient encoding
     * @param batchSize B
     * @param serverOptim body and tail optimiser
     * @param clientOptim head optimiser
     * @param seed the seed
     * @param serverThreads intra-op threads of the server step
     * @param clientThreads intra-op threads of client work
     * @param microBatch server micro-batch
     * @param device where the head, body and tail compute ({@link org.cutmixsl.model.device.TorchDevices#forProcess})
     */
    public record Settings(ViTConfig model, PlanConfig plan, Encoding encoding, int batchSize, OptimizerConfig serverOptim,
                           OptimizerConfig clientOptim, long seed, int serverThreads, int clientThreads, int microBatch,
                           Device device) {}
}
