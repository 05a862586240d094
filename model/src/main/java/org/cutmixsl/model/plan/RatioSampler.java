package org.cutmixsl.model.plan;

import java.util.SplittableRandom;

/**
 * Draws the shares λ of one sample: symmetric Dirichlet(α) through Gamma variates (Marsaglia and Tsang, 2000), or
 * fixed 1/G. Written here rather than taken from a library so that the plan depends on nothing but
 * {@link SplittableRandom}'s documented sequence and {@link StrictMath}, which give the same numbers on every JVM and
 * every machine: the driver and any executor that recomputes a plan agree bit for bit.
 */
final class RatioSampler {

    private RatioSampler() {
    }

    /** Fills {@code out[0..m)} with one draw of λ; the entries are ≥ 0 and sum to 1 up to rounding. */
    static void draw(SplittableRandom rng, PlanConfig.RatioMode mode, double alpha, int m, double[] out) {
        if (mode == PlanConfig.RatioMode.FIXED || m == 1) {
            for (int k = 0; k < m; k++) {
                out[k] = 1.0 / m;
            }
            return;
        }
        // Normalise in log space: for small α the Gamma variates underflow to 0 in linear space, and a
        // sample whose variates all underflowed would have no defined shares.
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < m; k++) {
            out[k] = logGamma(rng, alpha);
            max = Math.max(max, out[k]);
        }
        double sum = 0;
        for (int k = 0; k < m; k++) {
            out[k] = StrictMath.exp(out[k] - max);
            sum += out[k];
        }
        for (int k = 0; k < m; k++) {
            out[k] /= sum;
        }
    }

    /** The logarithm of a Gamma(α, 1) variate. */
    static double logGamma(SplittableRandom rng, double alpha) {
        if (alpha < 1) {
            // Gamma(α) = Gamma(α + 1) · U^(1/α) (Marsaglia and Tsang, section 6), taken in log space.
            double u = 1.0 - rng.nextDouble(); // (0, 1]: log stays finite
            return logGamma(rng, alpha + 1) + StrictMath.log(u) / alpha;
        }
        double d = alpha - 1.0 / 3.0;
        double c = 1.0 / StrictMath.sqrt(9.0 * d);
        while (true) {
            double x;
            double v;
            do {
                x = normal(rng);
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = 1.0 - rng.nextDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2
                    || StrictMath.log(u) < 0.5 * x2 + d * (1.0 - v + StrictMath.log(v))) {
                return StrictMath.log(d) + StrictMath.log(v);
            }
        }
    }

    /** A standard normal variate (Marsaglia's polar method; the second variate of each pair is discarded). */
    static double normal(SplittableRandom rng) {
        double u;
        double v;
        double s;
        do {
            u = 2.0 * rng.nextDouble() - 1.0;
            v = 2.0 * rng.nextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        return u * StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
    }
}
