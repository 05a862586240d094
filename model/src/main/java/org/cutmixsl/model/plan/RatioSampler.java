package org.cutmixsl.model.plan;

import java.util.SplittableRandom;
import org.cutmixsl.common.random.GammaSampler;

/**
 * Draws the shares λ of one sample: symmetric Dirichlet(α) through Gamma variates ({@link GammaSampler}, the plan's
 * stream), or fixed 1/G. The plan depends on nothing but {@link SplittableRandom}'s documented sequence and
 * {@link StrictMath}, which give the same numbers on every JVM and every machine: the driver and any executor that
 * recomputes a plan agree bit for bit.
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
        // Normalised in log space: for small α the Gamma variates underflow to 0 in linear space, and a
        // sample whose variates all underflowed would have no defined shares.
        GammaSampler.dirichlet(rng, alpha, m, GammaSampler.Variant.PLAN, out);
    }
}
