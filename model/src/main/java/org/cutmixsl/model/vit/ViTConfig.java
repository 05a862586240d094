package org.cutmixsl.model.vit;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shape of the ViT and where it is cut. Immutable; every value is checked when it is built, with a
 * message that names the key ({@code model.width}, ...), the value and what was expected.
 *
 * @param name preset name, or "custom"
 * @param imageHeight input height in pixels
 * @param imageWidth input width in pixels
 * @param channels input channels (1 for Fashion-MNIST, 3 for CIFAR-10)
 * @param patchSize side of a square patch; must divide height and width
 * @param width token width D
 * @param depth encoder blocks in all (head plus body)
 * @param heads attention heads; must divide the width
 * @param mlpRatio hidden width of the MLP as a multiple of D
 * @param dropout dropout rate; 0 keeps training deterministic on CPU (torch's dropout generator is
 *     shared by every thread)
 * @param classes number of classes of the tail
 * @param headBlocks encoder blocks on the client side (0 = patch embedding only)
 * @param input how uint8 pixels become input floats (presets: [−1, 1]; training sets the dataset's
 *     standardisation, {@code model.inputScaling})
 */
public record ViTConfig(
        String name,
        int imageHeight,
        int imageWidth,
        int channels,
        int patchSize,
        int width,
        int depth,
        int heads,
        int mlpRatio,
        float dropout,
        int classes,
        int headBlocks,
        PixelScaling input) implements java.io.Serializable {

    /** Layer-norm epsilon, as in the reference ViT. */
    public static final float LAYER_NORM_EPS = 1e-6f;

    private static final Map<String, ViTConfig> PRESETS = new TreeMap<>();

    static {
        PRESETS.put("fmnist-tiny", new ViTConfig("fmnist-tiny", 28, 28, 1, 4, 64, 6, 4, 2, 0f, 10, 0));
        PRESETS.put("cifar-lite", new ViTConfig("cifar-lite", 32, 32, 3, 4, 256, 7, 4, 2, 0f, 10, 0));
    }

    /** Validates every field. */
    public ViTConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model.preset: a name is required");
        }
        positive("model.imageHeight", imageHeight);
        positive("model.imageWidth", imageWidth);
        positive("model.channels", channels);
        positive("model.patchSize", patchSize);
        positive("model.width", width);
        positive("model.depth", depth);
        positive("model.heads", heads);
        positive("model.mlpRatio", mlpRatio);
        positive("model.classes", classes);
        if (classes < 2) {
            throw new IllegalArgumentException("model.classes = " + classes + ": at least 2 classes are needed");
        }
        if (imageHeight % patchSize != 0 || imageWidth % patchSize != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "model.patchSize = %d: must divide the image size %dx%d", patchSize, imageHeight, imageWidth));
        }
        if (width % heads != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "model.heads = %d: must divide model.width = %d", heads, width));
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("model.dropout = " + dropout + ": expected a value in [0, 1)");
        }
        if (input == null) {
            input = PixelScaling.minusOneOne(channels);
        }
        if (input.channels() != channels) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "model input scaling has %d channels, the images %d", input.channels(), channels));
        }
        if (headBlocks < 0 || headBlocks > depth) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "head.blocks = %d: expected 0..model.depth (%d)", headBlocks, depth));
        }
    }

    /** A shape whose input is scaled to [−1, 1] ({@link PixelScaling#minusOneOne}), as in earlier versions. */
    public ViTConfig(String name, int imageHeight, int imageWidth, int channels, int patchSize, int width, int depth,
            int heads, int mlpRatio, float dropout, int classes, int headBlocks) {
        this(name, imageHeight, imageWidth, channels, patchSize, width, depth, heads, mlpRatio, dropout, classes,
                headBlocks, PixelScaling.minusOneOne(channels));
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " = " + value + ": expected a positive integer");
        }
    }

    /**
     * A shipped preset.
     *
     * @param name {@code fmnist-tiny} or {@code cifar-lite}
     * @return the preset
     */
    public static ViTConfig preset(String name) {
        ViTConfig config = PRESETS.get(name);
        if (config == null) {
            throw new IllegalArgumentException(
                    "model.preset = \"" + name + "\": unknown preset; expected one of " + PRESETS.keySet());
        }
        return config;
    }

    /** @return the names of the shipped presets */
    public static java.util.Set<String> presetNames() {
        return java.util.Collections.unmodifiableSet(PRESETS.keySet());
    }

    /** @return patch rows of the grid */
    public int gridRows() {
        return imageHeight / patchSize;
    }

    /** @return patch columns of the grid */
    public int gridCols() {
        return imageWidth / patchSize;
    }

    /** @return P, the number of patch tokens */
    public int patchCount() {
        return gridRows() * gridCols();
    }

    /** @return the length of one flattened patch, p·p·C */
    public int patchDim() {
        return patchSize * patchSize * channels;
    }

    /** @return values in one image, H·W·C */
    public int imageValues() {
        return imageHeight * imageWidth * channels;
    }

    /** @return encoder blocks on the server side */
    public int bodyBlocks() {
        return depth - headBlocks;
    }

    /** @return the width of one head's hidden layer */
    public int headDim() {
        return width / heads;
    }

    /** @return a copy with another number of head blocks */
    public ViTConfig withHeadBlocks(int blocks) {
        return new ViTConfig(name, imageHeight, imageWidth, channels, patchSize, width, depth, heads, mlpRatio,
                dropout, classes, blocks, input);
    }

    /** @return a copy with another dropout */
    public ViTConfig withDropout(float rate) {
        return new ViTConfig(name, imageHeight, imageWidth, channels, patchSize, width, depth, heads, mlpRatio,
                rate, classes, headBlocks, input);
    }

    /** @return a copy with another input scaling */
    public ViTConfig withInput(PixelScaling scaling) {
        return new ViTConfig(name, imageHeight, imageWidth, channels, patchSize, width, depth, heads, mlpRatio,
                dropout, classes, headBlocks, scaling);
    }
}
