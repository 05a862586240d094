package org.cutmixsl.common.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both streams: the share drawers' (data-prep) and the mixing plan's (model). */
class GammaSamplerMatchesGammaMoments {

    @ParameterizedTest
    @EnumSource(GammaSampler.Variant.class)
    void meanAndVarianceEqualTheShape(GammaSampler.Variant variant) {
        int n = 200_000;
        for (double shape : new double[] {0.1, 0.5, 1, 3, 10}) {
            SplittableRandom rng = new SplittableRandom(42);
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                double x = Math.exp(GammaSampler.logGamma(rng, shape, variant));
                sum += x;
                sumSq += x * x;
            }
            double mean = sum / n;
            double variance = sumSq / n - mean * mean;
            // Gamma(a, 1): mean a, variance a. Standard error of the mean is sqrt(a / n); allow 5 of them.
            assertEquals(shape, mean, 5 * Math.sqrt(shape / n), "mean at shape " + shape);
            assertEquals(shape, variance, 0.05 * shape + 0.002, "variance at shape " + shape);
        }
    }

    @ParameterizedTest
    @EnumSource(GammaSampler.Variant.class)
    void dirichletDrawsLieOnTheSimplex(GammaSampler.Variant variant) {
        SplittableRandom rng = new SplittableRandom(1);
        for (double beta : new double[] {0.01, 0.1, 1, 100}) {
            for (int i = 0; i < 1000; i++) {
                double[] p = new double[10];
                GammaSampler.dirichlet(rng, beta, 10, variant, p);
                double sum = 0;
                for (double v : p) {
                    assertEquals(true, v >= 0 && v <= 1);
                    sum += v;
                }
                assertEquals(1.0, sum, 1e-9);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(GammaSampler.Variant.class)
    void sameSeedSameNumbers(GammaSampler.Variant variant) {
        SplittableRandom a = new SplittableRandom(9);
        SplittableRandom b = new SplittableRandom(9);
        for (int i = 0; i < 100; i++) {
            assertEquals(GammaSampler.logGamma(a, 0.3, variant), GammaSampler.logGamma(b, 0.3, variant));
        }
    }
}
