package org.cutmixsl.model.export;

import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;
import org.cutmixsl.model.vit.ViTConfig;

/**
 * One image as stored for training (uint8, HWC: H·W·C bytes, row after row, channels innermost) to the model's
 * input, exactly as training and evaluation compute it ({@link ViTConfig#input()}), and the model's logits to
 * {@link Classifications}. Batches stack along a new first axis, so {@code batchPredict} runs one forward pass of
 * (B, H, W, C), as evaluation does.
 *
 * <p>Probabilities are the softmax of the float logits computed in double precision, which keeps their order
 * strict: {@link Classifications#best()} is then the first largest logit, the class that evaluation's argmax picks
 * ({@link #predictedClass}).
 */
public final class ViTClassifierTranslator implements Translator<byte[], Classifications> {

    private final ViTConfig config;
    private final List<String> classNames;

    /** @param info the exported model's description */
    public ViTClassifierTranslator(ModelInfo info) {
        this.config = info.config();
        this.classNames = info.classNames();
    }

    @Override
    public NDList processInput(TranslatorContext ctx, byte[] pixels) {
        if (pixels.length != config.imageValues()) {
            throw new IllegalArgumentException("an image of " + pixels.length + " bytes; the model expects uint8 HWC"
                    + " images of " + config.imageHeight() + "x" + config.imageWidth() + "x" + config.channels()
                    + " = " + config.imageValues() + " bytes");
        }
        Shape shape = new Shape(config.imageHeight(), config.imageWidth(), config.channels());
        return new NDList(ctx.getNDManager().create(config.input().apply(pixels), shape));
    }

    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        return classify(list.singletonOrThrow().toFloatArray(), classNames);
    }

    /**
     * @param logits one image's logits
     * @param classNames the class names
     * @return the softmax of the logits, computed in double precision
     */
    static Classifications classify(float[] logits, List<String> classNames) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] e = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        List<Double> probabilities = new ArrayList<>(logits.length);
        for (double v : e) {
            probabilities.add(v / sum);
        }
        return new Classifications(classNames, probabilities);
    }

    /**
     * @param classifications a result of this translator
     * @return the index of the first largest probability: the predicted label
     */
    public static int predictedClass(Classifications classifications) {
        List<Double> p = classifications.getProbabilities();
        int best = 0;
        for (int i = 1; i < p.size(); i++) {
            if (p.get(i) > p.get(best)) {
                best = i;
            }
        }
        return best;
    }
}
