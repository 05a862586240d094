package org.cutmixsl.model.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.cutmixsl.model.optim.Optimizer;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.vit.ParameterInit;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.model.vit.ModelPart;
import org.cutmixsl.model.vit.ViTConfig;
import org.cutmixsl.model.vit.VitBlock;

/**
 * One part that trains: its block, the manager that owns its parameters, and its optimiser. The
 * single owner of those native resources; closing it frees them all.
 */
public final class TrainablePart implements AutoCloseable {

    private final ModelPart part;
    private final NDManager manager;
    private final VitBlock block;
    private final Optimizer optimizer;

    /**
     * Builds the part with seeded initial weights.
     *
     * @param part which part
     * @param config the model shape
     * @param optim its optimiser settings
     * @param device where it computes
     * @param seed the run's seed (the same seed gives the same initial weights everywhere)
     */
    public TrainablePart(ModelPart part, ViTConfig config, OptimizerConfig optim, Device device, long seed) {
        this.part = part;
        this.manager = NDManager.newBaseManager(device);
        try {
            this.block = part.newBlock(config);
            block.initialize(manager, DataType.FLOAT32, part.inputShape(config, 1));
            ParameterInit.apply(block, seed, part.prefix());
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

    /** @return which part */
    public ModelPart part() {
        return part;
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
    public PartState exportState() {
        return new PartState(parameters().toBytes(), optimizer.exportState());
    }

    /** @param state restores parameters and optimiser state */
    public void importState(PartState state) {
        loadParameters(ParameterVector.fromBytes(state.parameters()));
        optimizer.importState(state.optimizer());
    }

    @Override
    public void close() {
        optimizer.close();
        manager.close();
    }
}
