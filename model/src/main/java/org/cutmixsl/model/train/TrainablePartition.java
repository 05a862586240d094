package org.cutmixsl.model.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.cutmixsl.model.optim.Optimizer;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.vit.ParameterInit;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.model.vit.Partition;
import org.cutmixsl.model.vit.ViTConfig;
import org.cutmixsl.model.vit.VitBlock;

/**
 * One partition that trains: its block, the manager that owns its parameters, and its optimiser. The
 * single owner of those native resources; closing it frees them all.
 */
public final class TrainablePartition implements AutoCloseable {

    private final Partition partition;
    private final NDManager manager;
    private final VitBlock block;
    private final Optimizer optimizer;

    /**
     * Builds the partition with seeded initial weights.
     *
     * @param partition which partition
     * @param config the model shape
     * @param optim its optimiser settings
     * @param device where it computes
     * @param seed the run's seed (the same seed gives the same initial weights everywhere)
     */
    public TrainablePartition(Partition partition, ViTConfig config, OptimizerConfig optim, Device device, long seed) {
        this.partition = partition;
        this.manager = NDManager.newBaseManager(device);
        try {
            this.block = partition.newBlock(config);
            block.initialize(manager, DataType.FLOAT32, partition.inputShape(config, 1));
            ParameterInit.apply(block, seed, partition.prefix());
            this.optimizer = Optimizer.create(optim, block, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** @return the block */
    public VitBlock block() {
        return block;
    }

    /** @return the manager owning the parameters; steps create sub-managers of it */
    public NDManager manager() {
        return manager;
    }

    /** @return the optimiser */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** @return which partition */
    public Partition partition() {
        return partition;
    }

    /** @return a copy of the parameters */
    public ParameterVector parameters() {
        return ParameterVector.of(block);
    }

    /** @param parameters values to load (same layout) */
    public void loadParameters(ParameterVector parameters) {
        parameters.loadInto(block);
    }

    /** @return parameters and optimiser state, for a checkpoint */
    public PartitionState exportState() {
        return new PartitionState(parameters().toBytes(), optimizer.exportState());
    }

    /** @param state restores parameters and optimiser state */
    public void importState(PartitionState state) {
        loadParameters(ParameterVector.fromBytes(state.parameters()));
        optimizer.importState(state.optimizer());
    }

    @Override
    public void close() {
        optimizer.close();
        manager.close();
    }
}
