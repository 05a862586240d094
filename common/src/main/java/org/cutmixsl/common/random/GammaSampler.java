package org.cutmixsl.common.random;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Gamma(shape, 1) variates by Marsaglia and Tsang's method ("A simple method for generating gamma variables", ACM
 * TOMS 2000), standard normal variates by Marsaglia's polar method, and symmetric Dirichlet draws made of them,
 * written out here so that a seed gives the same numbers on every JVM ({@link SplittableRandom}'s sequence is
 * specified; the JDK's own Gaussian may change between versions). Gamma variates are returned as logarithms: for
 * the small shapes of a skewed Dirichlet (0.1 or less) the variates themselves underflow to zero, while their
 * logarithms normalise without loss.
 *
 * <p>One algorithm, two {@link Variant}s. The mixing planner (model) and the Dirichlet share drawer (data-prep)
 * each had their own copy, and the copies differ in details that change the numbers a seed gives. Settling on
 * one would change every mixing plan or every Dirichlet dataset prepared with a given seed, so each caller keeps
 * its own stream, bit for bit, and says which it uses.
 */
public final class GammaSampler {

    /** Which of the two streams to draw: the details that differ between them, and nothing else. */
    public enum Variant {
        /**
         * The mixing plan's λ (model): {@link StrictMath} throughout, the boost's uniform drawn before its
         * Gamma(a + 1) variate, and Marsaglia and Tsang's squeeze test before the logarithmic one.
         */
        PLAN(StrictMath::log, StrictMath::exp) {
            @Override
            boolean accepts(double u, double x, double d, double v) {
                double x2 = x * x;
                return u < 1.0 - 0.0331 * x2 * x2 || StrictMath.log(u) < 0.5 * x2 + d * (1.0 - v + StrictMath.log(v));
            }
        },
        /**
         * The clients' Dirichlet label proportions (data-prep): {@link Math}'s log and exp, the boost's Gamma(a + 1)
         * variate drawn before its uniform, and the logarithmic test alone.
         */
        SHARES(Math::log, Math::exp) {
            @Override
            boolean accepts(double u, double x, double d, double v) {
                return Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v);
            }
        };

        private final DoubleUnaryOperator log;
        private final DoubleUnaryOperator exp;

        Variant(DoubleUnaryOperator log, DoubleUnaryOperator exp) {
            this.log = log;
            this.exp = exp;
        }

        /** Marsaglia and Tsang's acceptance of the candidate d·v, given its normal x and uniform u. */
        abstract boolean accepts(double u, double x, double d, double v);
    }

    private GammaSampler() {
    }

    /**
     * @param rng the generator
     * @param shape shape parameter, positive and finite
     * @param variant the stream
     * @return the natural logarithm of one Gamma(shape, 1) variate
     */
    public static double logGamma(SplittableRandom rng, double shape, Variant variant) {
        if (!(shape > 0) || Double.isInfinite(shape)) {
            throw new IllegalArgumentException("gamma shape must be positive and finite, got " + shape);
        }
        if (shape < 1) {
            // Boost (section 6): if X ~ Gamma(a + 1) and U ~ Uniform(0, 1], then X · U^(1/a) ~ Gamma(a), in log space.
            if (variant == Variant.PLAN) {
                double u = openUniform(rng);
                return logGamma(rng, shape + 1, variant) + variant.log.applyAsDouble(u) / shape;
            }
            double boosted = logGamma(rng, shape + 1, variant);
            return boosted + variant.log.applyAsDouble(openUniform(rng)) / shape;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / StrictMath.sqrt(9.0 * d); // correctly rounded, as Math.sqrt: the same in both variants
        while (true) {
            double x = normal(rng, variant);
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = openUniform(rng);
            if (variant.accepts(u, x, d, v)) {
                return variant.log.applyAsDouble(d) + variant.log.applyAsDouble(v);
            }
        }
    }

    /**
     * Fills {@code out[0..components)} with one point of the probability simplex drawn from a symmetric Dirichlet
     * distribution (one Gamma variate per component, normalised in log space).
     *
     * @param rng the generator
     * @param concentration the Dirichlet parameter of every component, positive and finite
     * @param components number of components
     * @param variant the stream
     * @param out receives non-negative proportions summing to one up to rounding
     */
    public static void dirichlet(SplittableRandom rng, double concentration, int components, Variant variant,
                                 double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < components; i++) {
            out[i] = logGamma(rng, concentration, variant);
            max = Math.max(max, out[i]);
        }
        double sum = 0;
        for (int i = 0; i < components; i++) {
            out[i] = variant.exp.applyAsDouble(out[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < components; i++) {
            out[i] /= sum;
        }
    }

    /**
     * A standard normal variate by Marsaglia's polar method; the second variate of each pair is discarded.
     *
     * @param rng the generator
     * @param variant the stream
     * @return the variate
     */
    public static double normal(SplittableRandom rng, Variant variant) {
        while (true) {
            double u = 2.0 * rng.nextDouble() - 1.0;
            double v = 2.0 * rng.nextDouble() - 1.0;
            double s = u * u + v * v;
            if (s > 0 && s < 1) {
                return u * StrictMath.sqrt(-2.0 * variant.log.applyAsDouble(s) / s);
            }
        }
    }

    /** A uniform variate in (0, 1], so that its logarithm is finite. */
    private static double openUniform(SplittableRandom rng) {
        return 1.0 - rng.nextDouble();
    }
}
