package org.cutmixsl.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/**
 * The client-side part: patch embedding (split the image into p×p patches in row-major grid
 * order, flatten each as (row, column, channel), project to width D), plus a learned position
 * embedding per patch, plus the first {@code head.blocks} encoder blocks. Input: normalized images
 * (B, H, W, C). Output: the smashed data S (B, P, D).
 */
public final class ViTHead extends VitBlock {

    private final ViTConfig config;
    private final Parameter patchWeight;
    private final Parameter patchBias;
    private final Parameter position;
    private final EncoderBlock[] blocks;

    /** @param config the model shape */
    public ViTHead(ViTConfig config) {
        this.config = config;
        patchWeight = param("patch_weight", Parameter.Type.WEIGHT, config.width(), config.patchDim());
        patchBias = param("patch_bias", Parameter.Type.BIAS, config.width());
        position = param("position", Parameter.Type.OTHER, 1, config.patchCount(), config.width());
        blocks = new EncoderBlock[config.headBlocks()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = addChildBlock("block" + i, new EncoderBlock(config));
        }
    }

    @Override
    public NDArray apply(NDArray images, boolean training) {
        long batch = images.getShape().get(0);
        int p = config.patchSize();
        NDArray patches = images
                .reshape(batch, config.gridRows(), p, config.gridCols(), p, config.channels())
                .transpose(0, 1, 3, 2, 4, 5)
                .reshape(batch, config.patchCount(), config.patchDim());
        NDArray x = Linear.linear(patches, value(patchWeight), value(patchBias)).singletonOrThrow()
                .add(value(position));
        for (EncoderBlock block : blocks) {
            x = block.apply(x, training);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.patchCount(), config.width())};
    }

    @Override
    protected void initializeChildBlocks(
            ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.DataType dataType, Shape... inputShapes) {
        Shape tokens = getOutputShapes(inputShapes)[0];
        for (EncoderBlock block : blocks) {
            block.initialize(manager, dataType, tokens);
        }
    }

    /** @return the model shape */
    public ViTConfig config() {
        return config;
    }

    /** @return the input shape for a batch of the given size */
    public Shape inputShape(long batch) {
        return new Shape(batch, config.imageHeight(), config.imageWidth(), config.channels());
    }
}
