package org.cutmixsl.model.privacy;

import java.util.Arrays;
import java.util.Locale;

/**
 * How close reconstructions are to the originals: MSE, PSNR and SSIM per image, on batches of images stored
 * one after another in HWC order (as {@code ImageBatch} and the decoder's output are).
 *
 * <ul>
 *   <li>MSE: the mean of squared differences over all H·W·C values of an image.
 *   <li>PSNR = 10·log10(L²/MSE) in dB, L the data range (1 for images in [0, 1], 255 for uint8). Identical
 *       images have MSE 0 and PSNR +∞ (returned as {@link Double#POSITIVE_INFINITY}, never a division error).
 *   <li>SSIM as Wang, Bovik, Sheikh and Simoncelli (2004) define it: an 11×11 Gaussian window with σ = 1.5
 *       (normalised to sum 1), K1 = 0.01, K2 = 0.03, C1 = (K1·L)², C2 = (K2·L)², population (not sample)
 *       variances; the SSIM map is evaluated at the "valid" window positions only (18×18 of them on a 28×28
 *       image), averaged, per channel, and the channels averaged. Images must be at least 11×11.
 * </ul>
 */
public final class ImageQuality {

    /** Side of the SSIM window. */
    public static final int WINDOW = 11;
    /** Standard deviation of the SSIM window's Gaussian. */
    public static final double WINDOW_SIGMA = 1.5;
    /** SSIM's K1. */
    public static final double K1 = 0.01;
    /** SSIM's K2. */
    public static final double K2 = 0.03;

    private static final double[] KERNEL = gaussianKernel();

    private ImageQuality() {}

    /**
     * Scores of a batch, one entry per image.
     *
     * @param mse per-image MSE
     * @param psnr per-image PSNR in dB (+∞ for an exact reconstruction)
     * @param ssim per-image SSIM
     */
    public record Scores(double[] mse, double[] psnr, double[] ssim) {

        /** @return the mean MSE over images */
        public double meanMse() {
            return Arrays.stream(mse).average().orElse(Double.NaN);
        }

        /** @return the mean of per-image PSNR (+∞ when any image is reconstructed exactly) */
        public double meanPsnr() {
            return Arrays.stream(psnr).average().orElse(Double.NaN);
        }

        /** @return the mean SSIM over images */
        public double meanSsim() {
            return Arrays.stream(ssim).average().orElse(Double.NaN);
        }

        /** @return the number of images */
        public int count() {
            return mse.length;
        }
    }

    /**
     * Scores uint8 images (data range 255).
     *
     * @param originals count·H·W·C bytes, HWC, image after image
     * @param reconstructions the same layout
     * @param count number of images
     * @param height H
     * @param width W
     * @param channels C
     * @return per-image scores
     */
    public static Scores compare(byte[] originals, byte[] reconstructions, int count, int height, int width,
                                 int channels) {
        return compare(toFloat(originals, 1f), toFloat(reconstructions, 1f), count, height, width, channels, 255.0);
    }

    /**
     * Scores float images of a given data range.
     *
     * @param originals count·H·W·C values, HWC, image after image
     * @param reconstructions the same layout
     * @param count number of images
     * @param height H
     * @param width W
     * @param channels C
     * @param dataRange L: 1 for images in [0, 1], 255 for [0, 255]
     * @return per-image scores
     */
    public static Scores compare(float[] originals, float[] reconstructions, int count, int height, int width,
                                 int channels, double dataRange) {
        int size = checkBatch(originals, reconstructions, count, height, width, channels, dataRange);
        double[] mse = new double[count];
        double[] psnr = new double[count];
        double[] ssim = new double[count];
        for (int i = 0; i < count; i++) {
            float[] a = Arrays.copyOfRange(originals, i * size, (i + 1) * size);
            float[] b = Arrays.copyOfRange(reconstructions, i * size, (i + 1) * size);
            mse[i] = mse(a, b);
            psnr[i] = psnr(mse[i], dataRange);
            ssim[i] = ssimUnchecked(a, b, height, width, channels, dataRange);
        }
        return new Scores(mse, psnr, ssim);
    }

    /**
     * @param pixels uint8 values
     * @return the values divided by 255, in [0, 1]
     */
    public static float[] toUnitRange(byte[] pixels) {
        return toFloat(pixels, 1f / 255f);
    }

    /**
     * Mean squared error of two arrays of the same length.
     *
     * @param a values
     * @param b values
     * @return Σ(a−b)²/n
     */
    public static double mse(float[] a, float[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("MSE: arrays of " + a.length + " and " + b.length
                    + " values; expected the same, non-zero length");
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum / a.length;
    }

    /**
     * Peak signal-to-noise ratio.
     *
     * @param mse the mean squared error, ≥ 0
     * @param dataRange L, &gt; 0
     * @return 10·log10(L²/MSE) in dB; +∞ when MSE = 0
     */
    public static double psnr(double mse, double dataRange) {
        if (!(mse >= 0) || !(dataRange > 0)) {
            throw new IllegalArgumentException("PSNR: MSE " + mse + " and data range " + dataRange
                    + "; expected MSE ≥ 0 and a positive range");
        }
        if (mse == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 10 * Math.log10(dataRange * dataRange / mse);
    }

    /**
     * SSIM of one image pair.
     *
     * @param a H·W·C values, HWC
     * @param b the same layout
     * @param height H ≥ 11
     * @param width W ≥ 11
     * @param channels C
     * @param dataRange L
     * @return the mean SSIM over valid window positions and channels, in [−1, 1]
     */
    public static double ssim(float[] a, float[] b, int height, int width, int channels, double dataRange) {
        checkBatch(a, b, 1, height, width, channels, dataRange);
        return ssimUnchecked(a, b, height, width, channels, dataRange);
    }

    private static double ssimUnchecked(float[] a, float[] b, int height, int width, int channels, double range) {
        double c1 = (K1 * range) * (K1 * range);
        double c2 = (K2 * range) * (K2 * range);
        int outH = height - WINDOW + 1;
        int outW = width - WINDOW + 1;
        double[] x = new double[height * width];
        double[] y = new double[height * width];
        double[] xx = new double[height * width];
        double[] yy = new double[height * width];
        double[] xy = new double[height * width];
        double total = 0;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < height * width; i++) {
                double u = a[i * channels + c];
                double v = b[i * channels + c];
                x[i] = u;
                y[i] = v;
                xx[i] = u * u;
                yy[i] = v * v;
                xy[i] = u * v;
            }
            double[] mx = filter(x, height, width);
            double[] my = filter(y, height, width);
            double[] exx = filter(xx, height, width);
            double[] eyy = filter(yy, height, width);
            double[] exy = filter(xy, height, width);
            double sum = 0;
            for (int i = 0; i < outH * outW; i++) {
                double sxx = exx[i] - mx[i] * mx[i];
                double syy = eyy[i] - my[i] * my[i];
                double sxy = exy[i] - mx[i] * my[i];
                sum += (2 * mx[i] * my[i] + c1) * (2 * sxy + c2)
                        / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (sxx + syy + c2));
            }
            total += sum / (outH * outW);
        }
        return total / channels;
    }

    /** The Gaussian window applied at every valid position, as two 1-D passes (the window is separable). */
    private static double[] filter(double[] image, int height, int width) {
        int outW = width - WINDOW + 1;
        int outH = height - WINDOW + 1;
        double[] rows = new double[height * outW];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < outW; c++) {
                double s = 0;
                for (int k = 0; k < WINDOW; k++) {
                    s += KERNEL[k] * image[r * width + c + k];
                }
                rows[r * outW + c] = s;
            }
        }
        double[] out = new double[outH * outW];
        for (int r = 0; r < outH; r++) {
            for (int c = 0; c < outW; c++) {
                double s = 0;
                for (int k = 0; k < WINDOW; k++) {
                    s += KERNEL[k] * rows[(r + k) * outW + c];
                }
                out[r * outW + c] = s;
            }
        }
        return out;
    }

    private static double[] gaussianKernel() {
        double[] g = new double[WINDOW];
        double sum = 0;
        int half = WINDOW / 2;
        for (int i = 0; i < WINDOW; i++) {
            int d = i - half;
            g[i] = Math.exp(-d * d / (2 * WINDOW_SIGMA * WINDOW_SIGMA));
            sum += g[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            g[i] /= sum;
        }
        return g;
    }

    private static int checkBatch(float[] a, float[] b, int count, int height, int width, int channels,
                                  double dataRange) {
        if (count <= 0 || channels <= 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "image quality: %d images of %d channels; expected positive counts", count, channels));
        }
        if (height < WINDOW || width < WINDOW) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "image quality: images of %dx%d; SSIM's %dx%d window needs at least %dx%d",
                    height, width, WINDOW, WINDOW, WINDOW, WINDOW));
        }
        if (!(dataRange > 0 && Double.isFinite(dataRange))) {
            throw new IllegalArgumentException("image quality: data range " + dataRange + "; expected a positive number");
        }
        int size = height * width * channels;
        if (a.length != (long) count * size || b.length != (long) count * size) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "image quality: %d originals and %d reconstructed values for %d images of %dx%dx%d (%d values)",
                    a.length, b.length, count, height, width, channels, (long) count * size));
        }
        return size;
    }

    private static float[] toFloat(byte[] pixels, float scale) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = (pixels[i] & 0xFF) * scale;
        }
        return out;
    }
}
