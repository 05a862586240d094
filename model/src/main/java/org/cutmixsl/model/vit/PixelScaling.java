package org.cutmixsl.model.vit;

import java.util.Arrays;
import java.util.Locale;

/**
 * How uint8 pixels become the model's input floats: per channel, {@code (p/255 − mean[c]) / std[c]}. The one
 * pixel normalisation of the project, shared by training, evaluation and the exported model's translator.
 *
 * <p>Per-dataset standardisation ({@link #standardise}) is the default because with [−1, 1] scaling
 * ({@link #minusOneOne}) Fashion-MNIST's inputs have mean −0.43 and sd 0.71, and with the project's patch
 * embedding some seeds sat on a loss plateau near 1.95 for tens of rounds (README, "Stalled runs").
 *
 * @param mean per-channel mean of p/255
 * @param std per-channel standard deviation of p/255, each positive
 */
public record PixelScaling(float[] mean, float[] std) implements java.io.Serializable {

    /** Checks the channel counts and that every sd is positive and finite. */
    public PixelScaling {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("pixel scaling: " + mean.length + " means and " + std.length
                    + " standard deviations; expected one of each per channel");
        }
        for (int c = 0; c < mean.length; c++) {
            if (!Float.isFinite(mean[c]) || !(std[c] > 0f) || !Float.isFinite(std[c])) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "pixel scaling of channel %d: mean %s, sd %s; expected a finite mean and a positive sd",
                        c, mean[c], std[c]));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * @param channels channels of the images
     * @return p·(2/255) − 1 on every channel (mean 0.5, sd 0.5), bit for bit the scaling of earlier versions
     */
    public static PixelScaling minusOneOne(int channels) {
        float[] half = new float[channels];
        Arrays.fill(half, 0.5f);
        return new PixelScaling(half, half);
    }

    /**
     * @param mean per-channel mean of p/255 over the training images
     * @param std per-channel sd of p/255 over the training images
     * @return standardisation to mean 0 and sd 1 per channel
     */
    public static PixelScaling standardise(float[] mean, float[] std) {
        return new PixelScaling(mean, std);
    }

    /** @return channels this scaling covers */
    public int channels() {
        return mean.length;
    }

    /** @return whether this is {@link #minusOneOne} */
    public boolean isMinusOneOne() {
        return equals(minusOneOne(channels()));
    }

    /**
     * @param pixels uint8 values, HWC, channels innermost
     * @return the model's input floats
     */
    public float[] apply(byte[] pixels) {
        int channels = mean.length;
        if (pixels.length % channels != 0) {
            throw new IllegalArgumentException(pixels.length + " pixel bytes are not a whole number of "
                    + channels + "-channel pixels");
        }
        float[] values = new float[pixels.length];
        if (isMinusOneOne()) {
            // the historical formula, kept exactly so that runs and exported models of earlier versions reproduce
            for (int i = 0; i < values.length; i++) {
                values[i] = (pixels[i] & 0xFF) * (2f / 255f) - 1f;
            }
            return values;
        }
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = 1f / (255f * std[c]);
            shift[c] = mean[c] / std[c];
        }
        for (int i = 0; i < values.length; i++) {
            int c = i % channels;
            values[i] = (pixels[i] & 0xFF) * scale[c] - shift[c];
        }
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PixelScaling p && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "PixelScaling[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
