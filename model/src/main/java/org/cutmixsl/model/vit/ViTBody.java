package org.cutmixsl.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;

/**
 * The server-side part: a learned class token prepended to the P patch tokens, the remaining
 * {@code depth − head.blocks} encoder blocks, and the final layer norm. Input (B, P, D); output the
 * normalized class-token representation (B, D), which is all the tail needs.
 */
public final class ViTBody extends VitBlock {

    private static final NDIndex CLASS_TOKEN = new NDIndex(":, 0, :");

    private final ViTConfig config;
    private final Parameter classToken;
    private final Parameter normGamma;
    private final Parameter normBeta;
    private final EncoderBlock[] blocks;
    private final Shape normShape;

    /** @param config the model shape */
    public ViTBody(ViTConfig config) {
        this.config = config;
        this.normShape = new Shape(config.width());
        classToken = param("class_token", Parameter.Type.OTHER, 1, 1, config.width());
        normGamma = param("norm_gamma", Parameter.Type.GAMMA, config.width());
        normBeta = param("norm_beta", Parameter.Type.BETA, config.width());
        blocks = new EncoderBlock[config.bodyBlocks()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = addChildBlock("block" + (config.headBlocks() + i), new EncoderBlock(config));
        }
    }

    @Override
    public NDArray apply(NDArray tokens, boolean training) {
        long batch = tokens.getShape().get(0);
        // An op's result belongs to its first operand's manager: the broadcast class token would
        // otherwise outlive the step, owned by the parameter's long-lived manager.
        NDArray cls = value(classToken).broadcast(batch, 1, config.width());
        cls.attach(tokens.getManager());
        NDArray x = NDArrays.concat(new NDList(cls, tokens), 1);
        for (EncoderBlock block : blocks) {
            x = block.apply(x, training);
        }
        NDArray normed = LayerNorm.layerNorm(x, normShape, value(normGamma), value(normBeta),
                ViTConfig.LAYER_NORM_EPS).singletonOrThrow();
        return normed.get(CLASS_TOKEN);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.width())};
    }

    @Override
    protected void initializeChildBlocks(
            ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.DataType dataType, Shape... inputShapes) {
        Shape withClass = new Shape(inputShapes[0].get(0), config.patchCount() + 1, config.width());
        for (EncoderBlock block : blocks) {
            block.initialize(manager, dataType, withClass);
        }
    }

    /** @return the input shape for a batch of the given size */
    public Shape inputShape(long batch) {
        return new Shape(batch, config.patchCount(), config.width());
    }
}
