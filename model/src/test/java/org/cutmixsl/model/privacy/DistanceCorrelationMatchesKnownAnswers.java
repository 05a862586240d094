package org.cutmixsl.model.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bias-corrected distance correlation on inputs whose answer is known: a case small enough to work
 * out by hand, an independent plain-double implementation of the U-centered formula, a scaled orthogonal
 * map (exactly 1), independent samples (near 0, while the plain V-statistic is far above 0), and symmetry.
 */
class DistanceCorrelationMatchesKnownAnswers {

    /**
     * x = (0, 1, 2, 4), y = (0, 2, 1, 3), one dimension each. Distances of x: a01=1, a02=2, a03=4, a12=1,
     * a13=3, a23=2; row sums 7, 5, 5, 9; total 26. U-centering with n−2 = 2 and (n−1)(n−2) = 6, for
     * instance Ã01 = 1 − 7/2 − 5/2 + 26/6 = −2/3, Ã02 = 2 − 7/2 − 5/2 + 26/6 = 1/3, gives Ã = −2/3 on the
     * pairs {0,1} and {2,3} and 1/3 on the other four pairs. The same for y gives B̃ = −2/3 on {0,2} and
     * {1,3}, 1/3 elsewhere. Over the six pairs: Σ ÃB̃ = 4·(−2/9) + 2·(1/9) = −2/3, Σ ÃÃ = Σ B̃B̃ = 2·(4/9)
     * + 4·(1/9) = 4/3 (the common factor 2/(n(n−3)) cancels), so bcdcor = (−2/3)/(4/3) = −1/2: negative, as
     * a bias-corrected estimate may be.
     */
    @Test
    void fourPointExampleWorkedOutByHand() {
        float[] x = {0, 1, 2, 4};
        float[] y = {0, 2, 1, 3};
        assertEquals(-0.5, DistanceCorrelation.biasCorrected(x, 4, y, 4), 1e-12);
        // And y = x itself: Ã·Ã / Ã·Ã = 1.
        assertEquals(1.0, DistanceCorrelation.biasCorrected(x, 4, x, 4), 1e-12);
    }

    @Test
    void matchesPlainDoubleReferenceOnSmallSamples() {
        for (int seed = 0; seed < 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int n = 4 + random.nextInt(8); // 4..11
            int p = 1 + random.nextInt(6);
            int q = 1 + random.nextInt(6);
            float[][] x = gaussian(random, n, p);
            float[][] y = new float[n][q];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < q; j++) {
                    // Partly dependent on x, so the values spread over a range of answers.
                    y[i][j] = (float) (x[i][j % p] * x[i][j % p] * random.nextDouble() + random.nextGaussian());
                }
            }
            double expected = referenceBiasCorrected(x, y);
            assertEquals(expected, DistanceCorrelation.biasCorrected(x, y), 1e-9,
                    "seed " + seed + ", n=" + n + ", p=" + p + ", q=" + q);
            assertEquals(referencePlainSquared(x, y), DistanceCorrelation.plainSquared(x, y), 1e-9,
                    "plain, seed " + seed);
        }
    }

    @Test
    void scaledOrthogonalMapOfTheInputGivesExactlyOne() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 32;
        int p = 784;
        float[][] x = gaussian(random, n, p);
        for (double c : new double[] {1.0, 0.01, 3.5, 250.0}) {
            float[][] y = orthogonalMap(x, c, random);
            assertEquals(1.0, DistanceCorrelation.biasCorrected(x, y), 1e-6, "c = " + c);
            assertEquals(1.0, DistanceCorrelation.plainSquared(x, y), 1e-6, "plain, c = " + c);
        }
    }

    @Test
    void independentBatchesOf64AreNearZeroWhileThePlainStatisticIsFarAbove() {
        // The shapes of the real measurement: 28x28 images against 49x64 smashed tokens. Under independence in
        // high dimension, sqrt(M-1)·R/sqrt(1-R²) is t-distributed with M-1 = n(n-3)/2 - 1 = 1951 degrees of
        // freedom (Székely and Rizzo 2013), so R has a standard deviation of about 0.023: each seed's value
        // within 0.08 (3.5 sd), their mean within 0.03 (about 3.7 sd of a mean of 8).
        double sum = 0;
        int seeds = 8;
        for (int seed = 0; seed < seeds; seed++) {
            SplittableRandom random = new SplittableRandom(1000 + seed);
            float[] x = gaussianFlat(random, 64 * 784);
            float[] y = gaussianFlat(random, 64 * 49 * 64);
            double corrected = DistanceCorrelation.biasCorrected(x, 64, y, 64);
            double plain = DistanceCorrelation.plainSquared(x, 64, y, 64);
            assertTrue(Math.abs(corrected) < 0.08, "seed " + seed + ": bias-corrected " + corrected);
            assertTrue(plain > 0.8, "seed " + seed + ": the plain V-statistic " + plain
                    + " was expected far above 0 for 64 samples in high dimension");
            sum += corrected;
        }
        assertTrue(Math.abs(sum / seeds) < 0.03, "mean over seeds " + sum / seeds);
    }

    @Test
    void dependentButUncorrelatedDataGiveAClearlyPositiveValue() {
        // y = x² elementwise: zero Pearson correlation, strong dependence.
        SplittableRandom random = new SplittableRandom(3);
        float[][] x = gaussian(random, 64, 4);
        float[][] y = new float[64][4];
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 4; j++) {
                y[i][j] = x[i][j] * x[i][j];
            }
        }
        double value = DistanceCorrelation.biasCorrected(x, y);
        assertTrue(value > 0.1, "bias-corrected " + value);
        assertTrue(Math.abs(pearson(x, y)) < 0.1, "Pearson correlation of x and x² " + pearson(x, y));
    }

    @Test
    void symmetricInItsArguments() {
        SplittableRandom random = new SplittableRandom(5);
        float[][] x = gaussian(random, 20, 7);
        float[][] y = gaussian(random, 20, 3);
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 3; j++) {
                y[i][j] = x[i][j] + 0.3f * y[i][j];
            }
        }
        double xy = DistanceCorrelation.biasCorrected(x, y);
        double yx = DistanceCorrelation.biasCorrected(y, x);
        assertEquals(xy, yx, 1e-12);
        assertTrue(xy > 0.2, "dependent by construction: " + xy);
        assertEquals(DistanceCorrelation.plainSquared(x, y), DistanceCorrelation.plainSquared(y, x), 1e-12);
    }

    /** Pearson correlation of all values of x against all values of y, paired by position. */
    private static double pearson(float[][] x, float[][] y) {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        int m = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                sx += x[i][j];
                sy += y[i][j];
                sxx += x[i][j] * x[i][j];
                syy += y[i][j] * y[i][j];
                sxy += x[i][j] * y[i][j];
                m++;
            }
        }
        double cov = sxy / m - sx / m * sy / m;
        return cov / Math.sqrt((sxx / m - sx / m * sx / m) * (syy / m - sy / m * sy / m));
    }

    // ---- an independent implementation, straight from the formula, in plain doubles

    static double referenceBiasCorrected(float[][] x, float[][] y) {
        double[][] a = uCenter(distances(x));
        double[][] b = uCenter(distances(y));
        double xy = uProduct(a, b);
        double xx = uProduct(a, a);
        double yy = uProduct(b, b);
        return xy / Math.sqrt(xx * yy);
    }

    static double referencePlainSquared(float[][] x, float[][] y) {
        double[][] a = doubleCenter(distances(x));
        double[][] b = doubleCenter(distances(y));
        return vProduct(a, b) / Math.sqrt(vProduct(a, a) * vProduct(b, b));
    }

    private static double[][] distances(float[][] x) {
        int n = x.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < x[i].length; k++) {
                    double diff = (double) x[i][k] - x[j][k];
                    s += diff * diff;
                }
                d[i][j] = Math.sqrt(s);
            }
        }
        return d;
    }

    private static double[][] uCenter(double[][] a) {
        int n = a.length;
        double[] row = new double[n];
        double[] col = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                row[i] += a[i][j];
                col[j] += a[i][j];
                total += a[i][j];
            }
        }
        double[][] u = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                u[i][j] = i == j ? 0
                        : a[i][j] - row[i] / (n - 2) - col[j] / (n - 2) + total / ((n - 1.0) * (n - 2));
            }
        }
        return u;
    }

    private static double uProduct(double[][] a, double[][] b) {
        int n = a.length;
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    s += a[i][j] * b[i][j];
                }
            }
        }
        return s / (n * (n - 3.0));
    }

    private static double[][] doubleCenter(double[][] a) {
        int n = a.length;
        double[] row = new double[n];
        double[] col = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                row[i] += a[i][j] / n;
                col[j] += a[i][j] / n;
                total += a[i][j] / ((double) n * n);
            }
        }
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c[i][j] = a[i][j] - row[i] - col[j] + total;
            }
        }
        return c;
    }

    private static double vProduct(double[][] a, double[][] b) {
        int n = a.length;
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s += a[i][j] * b[i][j];
            }
        }
        return s / ((double) n * n);
    }

    // ---- data

    static float[][] gaussian(SplittableRandom random, int n, int p) {
        float[][] x = new float[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
        }
        return x;
    }

    private static float[] gaussianFlat(SplittableRandom random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /**
     * c·x·Q with Q a product of three Householder reflections, a permutation and sign flips (orthogonal),
     * computed in double and rounded to float once.
     */
    private static float[][] orthogonalMap(float[][] x, double c, SplittableRandom random) {
        int n = x.length;
        int p = x[0].length;
        double[][] y = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                y[i][j] = x[i][j];
            }
        }
        for (int r = 0; r < 3; r++) {
            double[] v = new double[p];
            double norm = 0;
            for (int j = 0; j < p; j++) {
                v[j] = random.nextGaussian();
                norm += v[j] * v[j];
            }
            for (double[] row : y) {
                double dot = 0;
                for (int j = 0; j < p; j++) {
                    dot += row[j] * v[j];
                }
                for (int j = 0; j < p; j++) {
                    row[j] -= 2 * dot / norm * v[j];
                }
            }
        }
        int[] permutation = new int[p];
        for (int j = 0; j < p; j++) {
            permutation[j] = j;
        }
        for (int j = p - 1; j > 0; j--) {
            int k = random.nextInt(j + 1);
            int t = permutation[j];
            permutation[j] = permutation[k];
            permutation[k] = t;
        }
        float[][] out = new float[n][p];
        for (int j = 0; j < p; j++) {
            double sign = random.nextBoolean() ? 1 : -1;
            for (int i = 0; i < n; i++) {
                out[i][permutation[j]] = (float) (c * sign * y[i][j]);
            }
        }
        return out;
    }
}
