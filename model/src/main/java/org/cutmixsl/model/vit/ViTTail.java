package org.cutmixsl.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/** The classifier: a linear layer on the body's class-token output, (B, D) to logits (B, classes). */
public final class ViTTail extends VitBlock {

    private final ViTConfig config;
    private final Parameter weight;
    private final Parameter bias;

    /** @param config the model shape */
    public ViTTail(ViTConfig config) {
        this.config = config;
        weight = param("weight", Parameter.Type.WEIGHT, config.classes(), config.width());
        bias = param("bias", Parameter.Type.BIAS, config.classes());
    }

    @Override
    public NDArray apply(NDArray features, boolean training) {
        return Linear.linear(features, value(weight), value(bias)).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.classes())};
    }

    /** @return the input shape for a batch of the given size */
    public Shape inputShape(long batch) {
        return new Shape(batch, config.width());
    }
}
