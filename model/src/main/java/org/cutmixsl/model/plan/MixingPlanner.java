package org.cutmixsl.model.plan;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.cutmixsl.common.math.LargestRemainder;
import org.cutmixsl.common.random.Shuffles;

/**
 * Draws the mixing plan of a round (SPEC section 2): a pure function of its arguments.
 *
 * <p>Every random choice comes from generators derived from (seed, round) alone, one for the grouping and one per
 * group, so a plan is the same on every machine and thread, whatever else was drawn before, and different rounds get
 * unrelated plans. The participants are sorted before the seeded shuffle, so their order in the argument does not
 * matter either.
 */
public final class MixingPlanner {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private MixingPlanner() {
    }

    /**
     * Draws the plan.
     *
     * @param seed         the run's seed
     * @param round        the round
     * @param participants the distinct client ids taking part this round
     * @param batchSize    B, each client's minibatch size
     * @param grid         the patch grid (P = rows · cols)
     * @param cfg          group size, ratio mode, shape, granularity
     * @throws IllegalArgumentException when G exceeds P, when a group would be larger than P, when {@code BOX} meets
     *                                  a group of more than two members, or on malformed arguments
     */
    public static MixingPlan plan(long seed, int round, int[] participants, int batchSize, PatchGrid grid, PlanConfig cfg) {
        if (participants == null || participants.length == 0) {
            throw new IllegalArgumentException("a plan needs at least one participant");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (grid == null || cfg == null) {
            throw new IllegalArgumentException("grid and config are required");
        }
        int p = grid.patchCount();
        int g = cfg.groupSize();
        if (g > p) {
            throw new IllegalArgumentException("plan.groupSize=" + g + " is larger than the " + p + " patches of the "
                    + grid + " patch grid: every member of a group needs at least one patch to keep");
        }
        int[] ids = participants.clone();
        Arrays.sort(ids);
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] == ids[i - 1]) {
                throw new IllegalArgumentException("participant " + ids[i] + " is listed twice");
            }
        }
        long key = roundKey(seed, round);
        Shuffles.shuffle(ids, new SplittableRandom(streamSeed(key, 0)));

        int n = ids.length;
        int groupCount = Math.max(1, n / g);
        GroupPlan[] groups = new GroupPlan[groupCount];
        for (int gi = 0; gi < groupCount; gi++) {
            int from = gi * g;
            int to = gi == groupCount - 1 ? n : from + g; // the last group takes the remainder
            int[] members = Arrays.copyOfRange(ids, from, to);
            if (members.length > p) {
                throw new IllegalArgumentException("group " + gi + " would have " + members.length + " members ("
                        + n + " participants in groups of plan.groupSize=" + g + ", the last taking the remainder) but the "
                        + grid + " patch grid has only " + p + " patches");
            }
            if (cfg.shape() == PlanConfig.MaskShape.BOX && members.length > 2) {
                throw new IllegalArgumentException("plan.shape=BOX needs groups of at most 2 members, but " + n
                        + " participants in groups of 2 leave a group of " + members.length
                        + ": use an even number of participants or plan.shape=RANDOM");
            }
            groups[gi] = planGroup(gi, members, batchSize, grid, cfg, new SplittableRandom(streamSeed(key, gi + 1L)));
        }
        return new MixingPlan(seed, round, batchSize, grid, cfg, groups);
    }

    private static GroupPlan planGroup(int index, int[] members, int batchSize, PatchGrid grid, PlanConfig cfg, SplittableRandom rng) {
        int m = members.length;
        int p = grid.patchCount();
        int masks = cfg.granularity() == PlanConfig.Granularity.BATCH ? 1 : batchSize;
        byte[] owner = new byte[Math.multiplyExact(masks, p)];
        float[] drawn = new float[masks * m];
        double[] lambda = new double[m];
        int[] sizes = new int[m];
        int[] perm = new int[p];
        for (int row = 0; row < masks; row++) {
            RatioSampler.draw(rng, cfg.ratio(), cfg.alpha(), m, lambda);
            // The stored float λ is the one the mask is cut from, so anyone holding the plan can check it.
            for (int k = 0; k < m; k++) {
                drawn[row * m + k] = (float) lambda[k];
            }
            if (cfg.shape() == PlanConfig.MaskShape.BOX && m == 2) {
                box(drawn[row * m], grid, rng, owner, row * p);
            } else {
                largestRemainder(drawn, row * m, m, p, sizes);
                for (int i = 0; i < p; i++) {
                    perm[i] = i;
                }
                Shuffles.shuffle(perm, rng);
                int at = 0;
                for (int k = 0; k < m; k++) {
                    for (int j = 0; j < sizes[k]; j++) {
                        owner[row * p + perm[at++]] = (byte) k;
                    }
                }
            }
        }
        return new GroupPlan(index, members, batchSize, p, masks, owner, drawn);
    }

    /**
     * Sizes round(λ_k·P) that add up to exactly P, by largest remainder: every member gets floor(λ_k·P), and the
     * patches left over go one each to the members with the largest fractional parts (lower member index first on
     * ties). Each size is then within 1 of λ_k·P.
     */
    static void largestRemainder(float[] lambda, int from, int m, int p, int[] sizes) {
        double[] exact = new double[m];
        for (int k = 0; k < m; k++) {
            exact[k] = (double) lambda[from + k] * p;
        }
        LargestRemainder.round(exact, p, sizes);
    }

    /**
     * Member 0 keeps an axis-aligned rectangle of the grid whose area is nearest to λ_0·P (the empty rectangle
     * included), member 1 the rest. Ties in area go to the squarest rectangle, remaining ties (h×w against w×h) to a
     * seeded choice; the position is seeded and uniform over the places the rectangle fits.
     */
    private static void box(float lambda0, PatchGrid grid, SplittableRandom rng, byte[] owner, int base) {
        int rows = grid.rows();
        int cols = grid.cols();
        double target = (double) lambda0 * grid.patchCount();
        double bestDist = target; // the empty rectangle
        int bestSkew = 0;
        int[] candH = new int[rows * cols + 1];
        int[] candW = new int[rows * cols + 1];
        int n = 1;
        candH[0] = 0;
        candW[0] = 0;
        for (int h = 1; h <= rows; h++) {
            for (int w = 1; w <= cols; w++) {
                double dist = Math.abs(h * w - target);
                int skew = Math.abs(h - w);
                if (dist < bestDist || (dist == bestDist && skew < bestSkew)) {
                    bestDist = dist;
                    bestSkew = skew;
                    n = 0;
                }
                if (dist == bestDist && skew == bestSkew) {
                    candH[n] = h;
                    candW[n] = w;
                    n++;
                }
            }
        }
        int pick = n == 1 ? 0 : rng.nextInt(n);
        int h = candH[pick];
        int w = candW[pick];
        Arrays.fill(owner, base, base + grid.patchCount(), (byte) 1);
        if (h == 0) {
            return;
        }
        int top = rng.nextInt(rows - h + 1);
        int left = rng.nextInt(cols - w + 1);
        for (int r = top; r < top + h; r++) {
            Arrays.fill(owner, base + r * cols + left, base + r * cols + left + w, (byte) 0);
        }
    }

    /** One 64-bit key for (seed, round), mixed so that nearby seeds and rounds give unrelated keys. */
    static long roundKey(long seed, int round) {
        return mix64(mix64(seed ^ 0x6A09E667F3BCC909L) + GOLDEN * (round + 0x5BE0CD19L));
    }

    /**
     * The seed of stream {@code s} of a round. Mixed once more, because {@link SplittableRandom}s seeded with s and
     * s + its internal gamma would produce the same sequence shifted by one.
     */
    static long streamSeed(long key, long stream) {
        return mix64(key ^ mix64(stream + 0x3C6EF372FE94F82BL));
    }

    /** The 64-bit finaliser of SplitMix64 (Stafford's variant 13). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
