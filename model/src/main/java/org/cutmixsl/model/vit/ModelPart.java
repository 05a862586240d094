package org.cutmixsl.model.vit;

import ai.djl.ndarray.types.Shape;

/** The three places the ViT is cut into, each a block built from the same {@link ViTConfig}. */
public enum ModelPart {
    /** Patch embedding, position embedding, the first head.blocks encoder blocks: on every client. */
    HEAD("head"),
    /** Class token, the remaining encoder blocks, the final norm: on the server. */
    BODY("body"),
    /** The classifier: on the server. */
    TAIL("tail");

    private final String prefix;

    ModelPart(String prefix) {
        this.prefix = prefix;
    }

    /** @return the name of this part inside the whole model ({@code head}, ...) */
    public String prefix() {
        return prefix;
    }

    /**
     * @param config the model shape
     * @return a new, uninitialized block of this part
     */
    public VitBlock newBlock(ViTConfig config) {
        switch (this) {
            case HEAD:
                return new ViTHead(config);
            case BODY:
                return new ViTBody(config);
            default:
                return new ViTTail(config);
        }
    }

    /**
     * @param config the model shape
     * @param batch batch size
     * @return the input shape of this part
     */
    public Shape inputShape(ViTConfig config, long batch) {
        switch (this) {
            case HEAD:
                return new Shape(batch, config.imageHeight(), config.imageWidth(), config.channels());
            case BODY:
                return new Shape(batch, config.patchCount(), config.width());
            default:
                return new Shape(batch, config.width());
        }
    }
}
