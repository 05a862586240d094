package org.cutmixsl.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Base of the ViT's blocks. Parameter shapes follow from the {@link ViTConfig} alone, so they are fixed
 * at construction; the values are set by {@link ParameterInit} from a seed (never from torch's global
 * generator, which every thread shares).
 *
 * <p>Each block computes through {@link #apply}, which reads its parameters directly: a part lives
 * on one device, so DJL's {@link ParameterStore} (which copies parameters across devices) is not needed,
 * and skipping its per-call bookkeeping saves time on every forward pass.
 */
public abstract class VitBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Creates a block with this project's parameter-file version. */
    protected VitBlock() {
        super(VERSION);
    }

    /**
     * Computes the block's output.
     *
     * @param x the input; every array created here belongs to {@code x}'s manager
     * @param training whether dropout is active
     * @return the output
     */
    public abstract NDArray apply(NDArray x, boolean training);

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow(), training));
    }

    /** Declares a parameter whose shape is known now; its values are written by {@link ParameterInit}. */
    protected final Parameter param(String name, Parameter.Type type, long... shape) {
        return addParameter(Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(new Shape(shape))
                .optInitializer(Initializer.ZEROS)
                .build());
    }

    /** Initializes the children with the shapes this block hands them. */
    @Override
    protected void initializeChildBlocks(
            ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        for (ai.djl.util.Pair<String, ai.djl.nn.Block> child : getChildren()) {
            child.getValue().initialize(manager, dataType, shape);
            shape = child.getValue().getOutputShapes(new Shape[] {shape})[0];
        }
    }

    /** The value of a parameter, which the block's own manager owns. */
    protected static NDArray value(Parameter parameter) {
        return parameter.getArray();
    }
}
