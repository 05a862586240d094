package org.cutmixsl.model.export;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

/**
 * A DJL {@link Image} to the model's input: read as uint8 HWC (grayscale for a one-channel model, RGB for three),
 * then exactly as {@link ViTClassifierTranslator}. The image must already have the model's size: resizing would
 * feed the model pixels that training never saw, so it is the caller's decision.
 */
public final class ViTImageTranslator implements Translator<Image, Classifications> {

    private final ModelInfo info;
    private final ViTClassifierTranslator pixels;

    /** @param info the exported model's description */
    public ViTImageTranslator(ModelInfo info) {
        if (info.config().channels() != 1 && info.config().channels() != 3) {
            throw new IllegalArgumentException("images have 1 or 3 channels; the model expects "
                    + info.config().channels());
        }
        this.info = info;
        this.pixels = new ViTClassifierTranslator(info);
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image image) {
        int h = info.config().imageHeight();
        int w = info.config().imageWidth();
        if (image.getHeight() != h || image.getWidth() != w) {
            throw new IllegalArgumentException("an image of " + image.getWidth() + "x" + image.getHeight()
                    + " pixels; the model expects " + w + "x" + h + " (resize it first)");
        }
        Image.Flag flag = info.config().channels() == 1 ? Image.Flag.GRAYSCALE : Image.Flag.COLOR;
        byte[] bytes;
        try (NDArray hwc = image.toNDArray(ctx.getNDManager(), flag)) {
            bytes = hwc.toByteArray();
        }
        return pixels.processInput(ctx, bytes);
    }

    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        return pixels.processOutput(ctx, list);
    }
}
