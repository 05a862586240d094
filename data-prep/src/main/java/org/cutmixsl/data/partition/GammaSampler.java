package org.cutmixsl.data.partition;

import java.util.SplittableRandom;

/**
 * Gamma(shape, 1) variates by Marsaglia and Tsang's method ("A simple method for generating gamma variables",
 * ACM TOMS 2000), written out here so that a seed gives the same numbers on every JDK. Results are returned as
 * logarithms: for the small shapes of a skewed Dirichlet (β = 0.1 or less) the variates themselves underflow to
 * zero, while their logarithms normalise without loss.
 */
final class GammaSampler {

    private GammaSampler() {
    }

    /**
     * @param shape shape parameter, positive
     * @param rng the generator
     * @return the natural logarithm of one Gamma(shape, 1) variate
     */
    static double logGamma(double shape, SplittableRandom rng) {
        if (!(shape > 0) || Double.isInfinite(shape)) {
            throw new IllegalArgumentException("gamma shape must be positive and finite, got " + shape);
        }
        if (shape < 1) {
            // Boost: if X ~ Gamma(a + 1) and U ~ Uniform(0, 1], then X · U^(1/a) ~ Gamma(a).
            return logGamma(shape + 1, rng) + Math.log(openUniform(rng)) / shape;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = standardNormal(rng);
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = openUniform(rng);
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return Math.log(d) + Math.log(v);
            }
        }
    }

    /**
     * Draws a point of the probability simplex from a symmetric Dirichlet distribution.
     *
     * @param concentration the Dirichlet parameter of every component, positive
     * @param components number of components
     * @param rng the generator
     * @return non-negative proportions summing to one
     */
    static double[] dirichlet(double concentration, int components, SplittableRandom rng) {
        double[] logs = new double[components];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < components; i++) {
            logs[i] = logGamma(concentration, rng);
            max = Math.max(max, logs[i]);
        }
        double sum = 0;
        double[] p = new double[components];
        for (int i = 0; i < components; i++) {
            p[i] = Math.exp(logs[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < components; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** A standard normal variate by Marsaglia's polar method (the JDK's own may change between versions). */
    static double standardNormal(SplittableRandom rng) {
        while (true) {
            double u = 2.0 * rng.nextDouble() - 1.0;
            double v = 2.0 * rng.nextDouble() - 1.0;
            double s = u * u + v * v;
            if (s > 0 && s < 1) {
                return u * Math.sqrt(-2.0 * Math.log(s) / s);
            }
        }
    }

    /** A uniform variate in (0, 1], so that its logarithm is finite. */
    private static double openUniform(SplittableRandom rng) {
        return 1.0 - rng.nextDouble();
    }
}
