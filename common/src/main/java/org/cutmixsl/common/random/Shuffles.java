package org.cutmixsl.common.random;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The project's one Fisher–Yates shuffle, and the permutations and draws made with it. Each takes the generator, so
 * that the caller's seed and stream fix the order; the generator calls are part of what a seed reproduces, so they
 * must not change.
 */
public final class Shuffles {

    private Shuffles() {
    }

    /**
     * Shuffles in place, from the last position down.
     *
     * @param values the array to shuffle
     * @param rng the generator
     */
    public static void shuffle(int[] values, SplittableRandom rng) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /**
     * @param n length
     * @param rng the generator
     * @return a random permutation of {@code 0..n-1}
     */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] values = identity(n);
        shuffle(values, rng);
        return values;
    }

    /**
     * A draw of {@code k} of {@code 0..n-1} without replacement: the first {@code k} positions of a shuffle from the
     * first position up, which stops after {@code k} swaps.
     *
     * @param n how many to draw from
     * @param k how many to draw; {@code k >= n} draws all
     * @param rng the generator (not called when {@code k >= n})
     * @return the drawn values, ascending
     */
    public static int[] sortedDraw(int n, int k, SplittableRandom rng) {
        int[] ids = identity(n);
        if (k >= n) {
            return ids;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        int[] chosen = Arrays.copyOf(ids, k);
        Arrays.sort(chosen);
        return chosen;
    }

    private static int[] identity(int n) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return values;
    }
}
