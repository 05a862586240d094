package org.cutmixsl.data.shares;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.cutmixsl.common.math.LargestRemainder;
import org.cutmixsl.common.random.GammaSampler;

/**
 * Non-IID split by label: each client c draws its own label proportions {@code p_c ~ Dirichlet(β, …, β)}; small
 * β gives clients dominated by one or two labels, large β gives nearly the global mix.
 *
 * <p>How samples follow the proportions, in three deterministic steps after the draws:
 * <ol>
 *   <li>Reserve: client c asks for {@code minSamples} samples split across labels as {@code p_c} says (largest
 *       remainder). Where the asks for a label exceed its supply, that label is shared out in proportion to the
 *       asks; each client then tops its reserve up to {@code minSamples} from the labels it weighs most that still
 *       have samples. This always succeeds when {@code clients × minSamples ≤ n}: the minimum holds by
 *       construction.</li>
 *   <li>Spread: the samples left of label k go to clients in proportion to their weights {@code p_c[k]} (largest
 *       remainder), so clients end up with label mixes close to their own proportions and sizes that vary.</li>
 *   <li>Deal: each label's samples, in a seeded random order, are handed out in client order by those counts.</li>
 * </ol>
 */
public final class DirichletShares implements ShareDrawer {

    private final double beta;

    /**
     * @param beta Dirichlet concentration, positive and finite
     */
    public DirichletShares(double beta) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a positive finite number, got " + beta);
        }
        this.beta = beta;
    }

    @Override
    public ClientShares draw(int[] labels, int numClasses, int clients, int minSamples, long seed) {
        ShareDrawer.requireFeasible(labels.length, clients, minSamples);
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] byClass = SeededShuffle.shuffledByClass(labels, numClasses, rng);
        double[][] proportions = new double[clients][];
        for (int c = 0; c < clients; c++) {
            proportions[c] = new double[numClasses];
            GammaSampler.dirichlet(rng, beta, numClasses, GammaSampler.Variant.SHARES, proportions[c]);
        }
        int[] supply = new int[numClasses];
        for (int k = 0; k < numClasses; k++) {
            supply[k] = byClass[k].length;
        }

        int[][] counts = reserve(proportions, supply, numClasses, clients, minSamples);
        spread(proportions, supply, counts, numClasses, clients);

        int[][] members = new int[clients][];
        int[] filled = new int[clients];
        for (int c = 0; c < clients; c++) {
            members[c] = new int[Arrays.stream(counts[c]).sum()];
        }
        for (int k = 0; k < numClasses; k++) {
            int next = 0;
            for (int c = 0; c < clients; c++) {
                System.arraycopy(byClass[k], next, members[c], filled[c], counts[c][k]);
                filled[c] += counts[c][k];
                next += counts[c][k];
            }
        }
        return new ClientShares(labels, numClasses, members);
    }

    /** Step 1: {@code minSamples} per client, following each client's proportions as far as supply allows. */
    private static int[][] reserve(double[][] proportions, int[] supply, int numClasses, int clients, int minSamples) {
        int[][] wants = new int[clients][];
        for (int c = 0; c < clients; c++) {
            wants[c] = LargestRemainder.apportion(proportions[c], minSamples);
        }
        int[][] counts = new int[clients][numClasses];
        for (int k = 0; k < numClasses; k++) {
            double[] asks = new double[clients];
            long demand = 0;
            for (int c = 0; c < clients; c++) {
                asks[c] = wants[c][k];
                demand += wants[c][k];
            }
            int[] granted = demand <= supply[k] ? column(wants, k) : LargestRemainder.apportion(asks, supply[k]);
            for (int c = 0; c < clients; c++) {
                counts[c][k] = granted[c];
                supply[k] -= granted[c];
            }
        }
        for (int c = 0; c < clients; c++) {
            int missing = minSamples - Arrays.stream(counts[c]).sum();
            Integer[] byWeight = classesByWeight(proportions[c]);
            for (int i = 0; i < numClasses && missing > 0; i++) {
                int k = byWeight[i];
                int take = Math.min(missing, supply[k]);
                counts[c][k] += take;
                supply[k] -= take;
                missing -= take;
            }
            if (missing > 0) {
                // Unreachable when requireFeasible passed: the reserves together never exceed the samples.
                throw new IllegalStateException("reserve left client " + c + " short by " + missing);
            }
        }
        return counts;
    }

    /** Step 2: what is left of each label, in proportion to the clients' weights for that label. */
    private static void spread(double[][] proportions, int[] supply, int[][] counts, int numClasses, int clients) {
        for (int k = 0; k < numClasses; k++) {
            double[] weights = new double[clients];
            for (int c = 0; c < clients; c++) {
                weights[c] = proportions[c][k];
            }
            int[] extra = LargestRemainder.apportion(weights, supply[k]);
            for (int c = 0; c < clients; c++) {
                counts[c][k] += extra[c];
            }
            supply[k] = 0;
        }
    }

    private static int[] column(int[][] matrix, int k) {
        int[] column = new int[matrix.length];
        for (int c = 0; c < matrix.length; c++) {
            column[c] = matrix[c][k];
        }
        return column;
    }

    private static Integer[] classesByWeight(double[] weights) {
        Integer[] order = new Integer[weights.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        // Heaviest first; equal weights keep label order, so the result does not depend on the sort's stability.
        Arrays.sort(order, (a, b) -> weights[a] != weights[b] ? Double.compare(weights[b], weights[a]) : a - b);
        return order;
    }

    /** @return the Dirichlet concentration β */
    public double beta() {
        return beta;
    }

    @Override
    public String describe() {
        return "dirichlet(beta=" + beta + ")";
    }
}
