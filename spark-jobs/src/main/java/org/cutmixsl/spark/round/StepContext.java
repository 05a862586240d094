package org.cutmixsl.spark.round;

import ai.djl.Device;
import java.io.Serializable;
import java.util.Arrays;
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
    }

    /** @return whether a client takes part in this step */
    boolean includes(int client) {
        return Arrays.binarySearch(clients, client) >= 0;
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
