package org.cutmixsl.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.cutmixsl.model.vit.ModelPart;
import org.cutmixsl.model.vit.ViTConfig;

/**
 * A minibatch of images as stored (uint8, HWC, one image after another) with their labels.
 *
 * @param size number of images
 * @param pixels size·H·W·C bytes
 * @param labels size labels
 */
public record ImageBatch(int size, byte[] pixels, int[] labels) {

    /** Checks that the arrays agree with the size. */
    public ImageBatch {
        if (size <= 0 || labels.length != size || pixels.length % size != 0) {
            throw new IllegalArgumentException("image batch of " + size + " images with " + labels.length
                    + " labels and " + pixels.length + " pixel bytes");
        }
    }

    /**
     * The model's input: pixels scaled by the model's {@link ViTConfig#input()}.
     *
     * @param manager the step's manager, which owns the result
     * @param config the model shape
     * @return (B, H, W, C) float32
     */
    public NDArray toInput(NDManager manager, ViTConfig config) {
        if (pixels.length != size * config.imageValues()) {
            throw new IllegalArgumentException("images hold " + pixels.length / size + " values each, the model expects "
                    + config.imageValues() + " (" + config.imageHeight() + "x" + config.imageWidth() + "x"
                    + config.channels() + ")");
        }
        return manager.create(config.input().apply(pixels), ModelPart.HEAD.inputShape(config, size));
    }
}
