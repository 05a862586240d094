package org.cutmixsl.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The whole, unsplit ViT: tail(body(cut(head(x)))), where cut is what the client applies to its smashed data before
 * sending it (nothing by default; DP-CutMixSL's clipping for a model that trained behind it). Used for export and
 * inference, and by the tests that prove the split computes exactly what the unsplit model computes.
 */
public final class VisionTransformer extends VitBlock {

    private final ViTConfig config;
    private final ViTHead head;
    private final ViTBody body;
    private final ViTTail tail;
    private final UnaryOperator<NDArray> cut;

    /** @param config the model shape */
    public VisionTransformer(ViTConfig config) {
        this(config, UnaryOperator.identity());
    }

    /**
     * @param config the model shape
     * @param cut applied to the head's output (B, P, D) before the body: deterministic, with no parameters, and
     *     returning an array of the same manager
     */
    public VisionTransformer(ViTConfig config, UnaryOperator<NDArray> cut) {
        this.config = config;
        this.cut = Objects.requireNonNull(cut, "cut");
        head = addChildBlock("head", new ViTHead(config));
        body = addChildBlock("body", new ViTBody(config));
        tail = addChildBlock("tail", new ViTTail(config));
    }

    @Override
    public NDArray apply(NDArray images, boolean training) {
        return tail.apply(body.apply(cut.apply(head.apply(images, training)), training), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.classes())};
    }

    @Override
    protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        head.initialize(manager, dataType, head.inputShape(batch));
        body.initialize(manager, dataType, body.inputShape(batch));
        tail.initialize(manager, dataType, tail.inputShape(batch));
    }

    /** @return the client-side part */
    public ViTHead head() {
        return head;
    }

    /** @return the server-side encoder part */
    public ViTBody body() {
        return body;
    }

    /** @return the classifier part */
    public ViTTail tail() {
        return tail;
    }

    /** @return the model shape */
    public ViTConfig config() {
        return config;
    }
}
