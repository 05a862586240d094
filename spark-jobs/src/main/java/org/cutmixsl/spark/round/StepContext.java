package org.cutmixsl.spark.round;

import ai.djl.Device;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.cutmixsl.model.device.DeviceChoice;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.plan.PatchGrid;
import org.cutmixsl.model.train.Autograd;
import org.cutmixsl.model.train.ClientHead;
import org.cutmixsl.model.train.ImageBatch;
import org.cutmixsl.model.train.MinibatchSampler;
import org.cutmixsl.model.vit.ViTConfig;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.device.DeviceResolver;
import org.cutmixsl.spark.links.Deadline;
import org.cutmixsl.spark.method.SplitMethod;
import org.cutmixsl.spark.method.StepLayout;
import org.cutmixsl.spark.records.ClientShard;

/**
 * Everything a client task needs to know about one step, small and immutable: it travels in the task
 * closure. The step's layout is recomputed in the task from these values (a pure function) rather than
 * shipped.
 */
public final class StepContext implements Serializable {

    private static final long serialVersionUID = 1L;

    final long seed;
    final int round;
    final int step;
    final int[] clients;
    final int batch;
    final ViTConfig model;
    final OptimizerConfig clientOptim;
    final SplitMethod method;
    final int clientThreads;
    final boolean backwardLock;
    final DeviceChoice device;
    final TrainConfig.Testing testing;
    final boolean measuresPrivacy;
    /** The uploads' deadline; none for a method whose data is at the server (nothing crosses a link). */
    final Deadline deadline;
    /** Clients of the step whose forward task failed for good ({@code clients.failuresDrop}), sorted: they send nothing. */
    private final int[] failed;
    /** The one client a probe computes ({@link #probing}); -1 for a real step. */
    private final int probe;
    private transient StepLayout layout;

    StepContext(TrainConfig config, SplitMethod method, OptimizerConfig clientOptim, int round, int step, int[] clients) {
        this.seed = config.seed;
        this.round = round;
        this.step = step;
        this.clients = clients.clone();
        Arrays.sort(this.clients);
        this.batch = config.batchSize;
        this.model = config.model;
        this.clientOptim = clientOptim;
        this.method = method;
        this.clientThreads = config.clientThreads;
        this.backwardLock = config.clientBackwardLock;
        this.device = config.device;
        this.testing = config.testing;
        this.measuresPrivacy = (round + 1) % config.privacyEvery == 0 || round == config.rounds - 1;
        this.deadline = method.communicates() ? config.deadline() : Deadline.NONE;
        this.failed = new int[0];
        this.probe = -1;
    }

    private StepContext(StepContext of, int[] failed, int probe) {
        this.seed = of.seed;
        this.round = of.round;
        this.step = of.step;
        this.clients = of.clients;
        this.batch = of.batch;
        this.model = of.model;
        this.clientOptim = of.clientOptim;
        this.method = of.method;
        this.clientThreads = of.clientThreads;
        this.backwardLock = of.backwardLock;
        this.device = of.device;
        this.testing = of.testing;
        this.measuresPrivacy = of.measuresPrivacy;
        this.deadline = of.deadline;
        this.failed = failed;
        this.probe = probe;
    }

    /** @return whether a client takes part in this step (as planned; a failed client is still part of the plan) */
    boolean includes(int client) {
        return Arrays.binarySearch(clients, client) >= 0;
    }

    /** @return whether the client-forward stage computes and sends this client's upload */
    boolean sends(int client) {
        return includes(client) && Arrays.binarySearch(failed, client) < 0 && (probe < 0 || probe == client);
    }

    /** @return this step with these clients failed: the same plan, and they send nothing */
    StepContext withFailed(Set<Integer> clients) {
        return new StepContext(this, clients.stream().mapToInt(Integer::intValue).sorted().toArray(), -1);
    }

    /** @return this step computing only one client's upload: a probe for whether that client's forward fails */
    StepContext probing(int client) {
        return new StepContext(this, failed, client);
    }

    /** @return the clients whose forward task failed for good, ascending */
    SortedSet<Integer> failed() {
        SortedSet<Integer> out = new TreeSet<>();
        for (int client : failed) {
            out.add(client);
        }
        return out;
    }

    /** @return the step's layout (computed once per task) */
    StepLayout layout() {
        if (layout == null) {
            layout = method.layout(seed, round, step, clients, batch, grid());
        }
        return layout;
    }

    PatchGrid grid() {
        return new PatchGrid(model.gridRows(), model.gridCols());
    }

    Encoding encoding() {
        return method.encoding();
    }

    /** Sets this task thread's torch threads and grad-lock policy, and builds a head to load states into. */
    ClientHead newHead() {
        Autograd.setThreads(clientThreads);
        Autograd.setSerialized(backwardLock);
        Device device = DeviceResolver.forTask(this.device);
        return new ClientHead(model, clientOptim, device, seed);
    }

    /** @return the client's minibatch this step (a pure function of seed, round, step and client) */
    ImageBatch minibatch(ClientShard shard) {
        long position = method.minibatchIndex(round, step);
        int[] indices = MinibatchSampler.indices(seed, shard.client(), position, shard.size(), batch);
        int values = shard.imageValues();
        byte[] pixels = new byte[batch * values];
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(shard.pixels(), indices[i] * values, pixels, i * values, values);
            labels[i] = shard.labels()[indices[i]];
        }
        return new ImageBatch(batch, pixels, labels);
    }
}
