package org.cutmixsl.model.plan;

import java.util.Objects;

/**
 * How the mixing plan is drawn (SPEC section 2). Validated when built; a bad value fails with a message that names the
 * configuration key, the value and what was expected.
 *
 * @param groupSize   G, clients per group ({@code plan.groupSize}, default 2, 1 to {@value #MAX_GROUP_SIZE})
 * @param ratio       how the shares λ are drawn ({@code plan.ratio}, default {@link RatioMode#DIRICHLET})
 * @param alpha       the symmetric Dirichlet concentration ({@code plan.alpha}, default 1, finite and &gt; 0)
 * @param shape       the shape of a share ({@code plan.shape}, default {@link MaskShape#RANDOM})
 * @param granularity whether each sample position gets its own mask ({@code plan.granularity}, default
 *                    {@link Granularity#SAMPLE})
 */
public record PlanConfig(int groupSize, RatioMode ratio, double alpha, MaskShape shape, Granularity granularity)
        implements java.io.Serializable {

    /**
     * The largest G. A remainder group holds up to 2G−1 members and a plan stores member indices in one unsigned byte
     * per patch, so G is capped at 128; G is in any case capped by the patch count, which the planner checks.
     */
    public static final int MAX_GROUP_SIZE = 128;

    /** How the shares λ_1..λ_G of a sample are drawn. */
    public enum RatioMode {
        /** λ ~ symmetric Dirichlet(α). */
        DIRICHLET,
        /** λ_k = 1/G for every member. */
        FIXED
    }

    /** The shape of the patch set a member keeps. */
    public enum MaskShape {
        /** Any subset of the patches: a seeded random permutation dealt out by size. */
        RANDOM,
        /** Like image CutMix (G = 2 only): member 0 keeps a rectangle of the patch grid, member 1 the rest. */
        BOX
    }

    /** Whether the mask is drawn per sample position or once per batch. */
    public enum Granularity {
        /** A fresh mask (and fresh λ) for every sample position b. */
        SAMPLE,
        /** One mask shared by every sample position of the batch. */
        BATCH
    }

    public PlanConfig {
        if (groupSize < 1 || groupSize > MAX_GROUP_SIZE) {
            throw new IllegalArgumentException("plan.groupSize must be between 1 and " + MAX_GROUP_SIZE + ", got " + groupSize);
        }
        Objects.requireNonNull(ratio, "plan.ratio must be one of DIRICHLET, FIXED, got null");
        if (!Double.isFinite(alpha) || alpha <= 0) {
            throw new IllegalArgumentException("plan.alpha must be a finite number > 0, got " + alpha);
        }
        Objects.requireNonNull(shape, "plan.shape must be one of RANDOM, BOX, got null");
        Objects.requireNonNull(granularity, "plan.granularity must be one of SAMPLE, BATCH, got null");
        if (shape == MaskShape.BOX && groupSize != 2) {
            throw new IllegalArgumentException("plan.shape=BOX requires plan.groupSize=2 (one rectangle and its complement), got plan.groupSize=" + groupSize);
        }
    }

    /** The defaults of SPEC section 2: G = 2, Dirichlet(1), random shape, per-sample masks. */
    public static PlanConfig defaults() {
        return new PlanConfig(2, RatioMode.DIRICHLET, 1.0, MaskShape.RANDOM, Granularity.SAMPLE);
    }

    public PlanConfig withGroupSize(int g) {
        return new PlanConfig(g, ratio, alpha, shape, granularity);
    }

    public PlanConfig withRatio(RatioMode r) {
        return new PlanConfig(groupSize, r, alpha, shape, granularity);
    }

    public PlanConfig withAlpha(double a) {
        return new PlanConfig(groupSize, ratio, a, shape, granularity);
    }

    public PlanConfig withShape(MaskShape s) {
        return new PlanConfig(groupSize, ratio, alpha, s, granularity);
    }

    public PlanConfig withGranularity(Granularity g) {
        return new PlanConfig(groupSize, ratio, alpha, shape, g);
    }
}
