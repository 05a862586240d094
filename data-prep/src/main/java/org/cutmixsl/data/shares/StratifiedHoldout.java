package org.cutmixsl.data.shares;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.cutmixsl.common.math.LargestRemainder;

/**
 * Sets samples aside before the clients' split: {@code size} samples drawn per label in proportion to the label
 * counts (largest remainder), at random within each label. No client holds them. The preparer draws the server
 * holdout (the server trains its privacy attacks on it) and then, from what is left, the validation split (what
 * hyperparameters are chosen on) this way.
 */
public final class StratifiedHoldout {

    private final int[] holdout;
    private final int[] remaining;

    private StratifiedHoldout(int[] holdout, int[] remaining) {
        this.holdout = holdout;
        this.remaining = remaining;
    }

    /**
     * @param labels label of each sample
     * @param numClasses labels lie in {@code [0, numClasses)}
     * @param size samples to set aside, in {@code [0, labels.length]}
     * @param seed the only source of randomness
     * @return the split into holdout and remaining samples
     */
    public static StratifiedHoldout select(int[] labels, int numClasses, int size, long seed) {
        if (size < 0 || size > labels.length) {
            throw new IllegalArgumentException("samples set aside must lie in [0, " + labels.length + "], got " + size);
        }
        int[][] byClass = SeededShuffle.shuffledByClass(labels, numClasses, new SplittableRandom(seed));
        double[] weights = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            weights[k] = byClass[k].length;
        }
        int[] quota = LargestRemainder.apportion(weights, size);
        boolean[] held = new boolean[labels.length];
        for (int k = 0; k < numClasses; k++) {
            for (int i = 0; i < quota[k]; i++) {
                held[byClass[k][i]] = true;
            }
        }
        int[] holdout = new int[size];
        int[] remaining = new int[labels.length - size];
        int h = 0;
        int r = 0;
        for (int i = 0; i < labels.length; i++) {
            if (held[i]) {
                holdout[h++] = i;
            } else {
                remaining[r++] = i;
            }
        }
        return new StratifiedHoldout(holdout, remaining);
    }

    /** @return indices of the samples set aside, ascending (a copy) */
    public int[] holdout() {
        return holdout.clone();
    }

    /** @return indices of the samples left for the clients, ascending (a copy) */
    public int[] remaining() {
        return remaining.clone();
    }

    /**
     * @param labels the labels {@link #select} was given
     * @return the labels of the remaining samples, in the order of {@link #remaining()}
     */
    public int[] remainingLabels(int[] labels) {
        return Arrays.stream(remaining).map(i -> labels[i]).toArray();
    }
}
