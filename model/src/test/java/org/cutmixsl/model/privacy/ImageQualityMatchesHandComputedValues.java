package org.cutmixsl.model.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * MSE, PSNR and SSIM against values computed by hand and against a straightforward SSIM written in the test
 * from Wang et al. (2004): a full 2-D Gaussian window at every valid position, in double precision.
 */
class ImageQualityMatchesHandComputedValues {

    private static final int H = 28;
    private static final int W = 28;

    @Test
    void identicalImagesHaveInfinitePsnrAndSsimOne() {
        float[] image = texture(new SplittableRandom(1), H, W, 1);
        ImageQuality.Scores s = ImageQuality.compare(image, image.clone(), 1, H, W, 1, 1.0);
        assertEquals(0.0, s.mse()[0]);
        assertEquals(Double.POSITIVE_INFINITY, s.psnr()[0]);
        assertEquals(1.0, s.ssim()[0], 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, ImageQuality.psnr(0.0, 255.0));
    }

    @Test
    void constantShiftAndCheckerboardNoiseGiveHandComputedMseAndPsnr() {
        float[] image = texture(new SplittableRandom(2), H, W, 1); // values in [0.1, 0.8]
        float[] shifted = new float[image.length];
        float[] checker = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            shifted[i] = image[i] + 0.1f;
            int r = i / W;
            int c = i % W;
            checker[i] = image[i] + ((r + c) % 2 == 0 ? 0.05f : -0.05f);
        }
        // Shift 0.1: MSE = 0.01, PSNR = 10·log10(1/0.01) = 20 dB.
        ImageQuality.Scores s = ImageQuality.compare(image, shifted, 1, H, W, 1, 1.0);
        assertEquals(0.01, s.meanMse(), 1e-8);
        assertEquals(20.0, s.meanPsnr(), 1e-5);
        // ±0.05: MSE = 0.0025, PSNR = 10·log10(400) = 26.0206 dB.
        s = ImageQuality.compare(image, checker, 1, H, W, 1, 1.0);
        assertEquals(0.0025, s.meanMse(), 1e-8);
        assertEquals(26.0206, s.meanPsnr(), 1e-4);

        // uint8, shift by 10 grey levels: MSE = 100, PSNR = 10·log10(255²/100) = 28.1308 dB.
        byte[] a = new byte[H * W];
        byte[] b = new byte[H * W];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) (40 + (i * 7) % 200);
            b[i] = (byte) ((a[i] & 0xFF) + 10);
        }
        s = ImageQuality.compare(a, b, 1, H, W, 1);
        assertEquals(100.0, s.meanMse(), 1e-9);
        assertEquals(28.1308, s.meanPsnr(), 1e-4);
    }

    @Test
    void batchScoresArePerImage() {
        SplittableRandom random = new SplittableRandom(3);
        float[] a = texture(random, H, W, 1);
        float[] b = texture(random, H, W, 1);
        float[] originals = concat(a, b);
        float[] shiftedB = b.clone();
        for (int i = 0; i < shiftedB.length; i++) {
            shiftedB[i] += 0.1f;
        }
        ImageQuality.Scores s = ImageQuality.compare(originals, concat(a, shiftedB), 2, H, W, 1, 1.0);
        assertEquals(2, s.count());
        assertEquals(0.0, s.mse()[0]);
        assertEquals(0.01, s.mse()[1], 1e-8);
        assertEquals(Double.POSITIVE_INFINITY, s.meanPsnr());
        assertEquals((1.0 + s.ssim()[1]) / 2, s.meanSsim(), 1e-12);
    }

    @Test
    void ssimMatchesStraightforwardReference() {
        SplittableRandom random = new SplittableRandom(4);
        int[][] shapes = {{28, 28, 1}, {32, 32, 3}, {11, 11, 1}, {16, 13, 2}};
        for (int[] shape : shapes) {
            for (int trial = 0; trial < 3; trial++) {
                float[] a = texture(random, shape[0], shape[1], shape[2]);
                float[] b = a.clone();
                double noise = 0.05 * (trial + 1);
                for (int i = 0; i < b.length; i++) {
                    b[i] += (float) (random.nextGaussian() * noise);
                }
                double expected = referenceSsim(a, b, shape[0], shape[1], shape[2], 1.0);
                assertEquals(expected, ImageQuality.ssim(a, b, shape[0], shape[1], shape[2], 1.0), 1e-9,
                        shape[0] + "x" + shape[1] + "x" + shape[2] + ", noise " + noise);
                // The same images scaled to [0, 255] with L = 255 give the same SSIM (C1, C2 scale with L²).
                float[] a255 = a.clone();
                float[] b255 = b.clone();
                for (int i = 0; i < a.length; i++) {
                    a255[i] *= 255f;
                    b255[i] *= 255f;
                }
                assertEquals(expected, ImageQuality.ssim(a255, b255, shape[0], shape[1], shape[2], 255.0), 1e-6);
            }
        }
    }

    @Test
    void ssimIsSymmetricAndFallsWithNoise() {
        SplittableRandom random = new SplittableRandom(5);
        float[] a = texture(random, H, W, 1);
        double previous = 1.0;
        for (double level : new double[] {0.02, 0.05, 0.1, 0.2}) {
            float[] b = a.clone();
            for (int i = 0; i < b.length; i++) {
                b[i] += (float) (random.nextGaussian() * level);
            }
            double ab = ImageQuality.ssim(a, b, H, W, 1, 1.0);
            assertEquals(ab, ImageQuality.ssim(b, a, H, W, 1, 1.0), 1e-12);
            assertTrue(ab < previous, "noise " + level + ": SSIM " + ab + " not below " + previous);
            previous = ab;
        }
    }

    @Test
    void negationAndUnrelatedNoiseScoreLow() {
        SplittableRandom random = new SplittableRandom(6);
        float[] a = texture(random, H, W, 1);
        float[] negated = new float[a.length];
        float[] noise = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            negated[i] = 1f - a[i];
            noise[i] = (float) random.nextDouble();
        }
        double neg = ImageQuality.ssim(a, negated, H, W, 1, 1.0);
        double unrelated = ImageQuality.ssim(a, noise, H, W, 1, 1.0);
        assertTrue(neg < 0, "SSIM against the negation " + neg);
        assertTrue(Math.abs(unrelated) < 0.1, "SSIM against uniform noise " + unrelated);
    }

    @Test
    void unusableShapesAreRefused() {
        assertEquals("image quality: images of 10x28; SSIM's 11x11 window needs at least 11x11",
                assertThrows(IllegalArgumentException.class,
                        () -> ImageQuality.ssim(new float[280], new float[280], 10, 28, 1, 1.0)).getMessage());
        assertEquals("image quality: 784 originals and 783 reconstructed values for 1 images of 28x28x1 (784 values)",
                assertThrows(IllegalArgumentException.class,
                        () -> ImageQuality.compare(new float[784], new float[783], 1, 28, 28, 1, 1.0)).getMessage());
    }

    @Test
    void uint8ConvertsToTheUnitRange() {
        assertArrayEquals(new float[] {0f, 1f / 255f, 128f / 255f, 1f},
                ImageQuality.toUnitRange(new byte[] {0, 1, (byte) 128, (byte) 255}));
    }

    // ---- reference: the window as a full 2-D Gaussian at every valid position, straight from the paper

    static double referenceSsim(float[] a, float[] b, int height, int width, int channels, double range) {
        double[][] w = new double[11][11];
        double sum = 0;
        for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
                w[i][j] = Math.exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / (2 * 1.5 * 1.5));
                sum += w[i][j];
            }
        }
        double c1 = Math.pow(0.01 * range, 2);
        double c2 = Math.pow(0.03 * range, 2);
        double total = 0;
        for (int c = 0; c < channels; c++) {
            double map = 0;
            int positions = 0;
            for (int r = 0; r + 11 <= height; r++) {
                for (int q = 0; q + 11 <= width; q++) {
                    double mx = 0, my = 0;
                    for (int i = 0; i < 11; i++) {
                        for (int j = 0; j < 11; j++) {
                            int at = ((r + i) * width + q + j) * channels + c;
                            mx += w[i][j] / sum * a[at];
                            my += w[i][j] / sum * b[at];
                        }
                    }
                    double vx = 0, vy = 0, cxy = 0;
                    for (int i = 0; i < 11; i++) {
                        for (int j = 0; j < 11; j++) {
                            int at = ((r + i) * width + q + j) * channels + c;
                            vx += w[i][j] / sum * (a[at] - mx) * (a[at] - mx);
                            vy += w[i][j] / sum * (b[at] - my) * (b[at] - my);
                            cxy += w[i][j] / sum * (a[at] - mx) * (b[at] - my);
                        }
                    }
                    map += (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                    positions++;
                }
            }
            total += map / positions;
        }
        return total / channels;
    }

    /** A smooth random texture (a few sinusoids) with values in [0.1, 0.8]. */
    static float[] texture(SplittableRandom random, int height, int width, int channels) {
        float[] out = new float[height * width * channels];
        for (int c = 0; c < channels; c++) {
            double[] f = {random.nextDouble(0.2, 1.2), random.nextDouble(0.2, 1.2), random.nextDouble(0.2, 1.2)};
            double[] phase = {random.nextDouble(6.3), random.nextDouble(6.3), random.nextDouble(6.3)};
            for (int r = 0; r < height; r++) {
                for (int q = 0; q < width; q++) {
                    double v = Math.sin(f[0] * r + phase[0]) + Math.sin(f[1] * q + phase[1])
                            + Math.sin(f[2] * (r + q) + phase[2]);
                    out[(r * width + q) * channels + c] = (float) (0.45 + 0.35 * v / 3);
                }
            }
        }
        return out;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = new float[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
