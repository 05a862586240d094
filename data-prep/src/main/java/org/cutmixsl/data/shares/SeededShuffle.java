package org.cutmixsl.data.shares;

import java.util.SplittableRandom;

/** Fisher–Yates shuffles driven by a given generator, so that a seed fixes the order. */
final class SeededShuffle {

    private SeededShuffle() {
    }

    /**
     * Shuffles in place.
     *
     * @param values the array to shuffle
     * @param rng the generator
     */
    static void shuffle(int[] values, SplittableRandom rng) {
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
    static int[] permutation(int n, SplittableRandom rng) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        shuffle(values, rng);
        return values;
    }

    /**
     * @param labels label of each sample
     * @param numClasses number of classes
     * @param rng the generator
     * @return for each class, the indices of its samples in a random order
     */
    static int[][] shuffledByClass(int[] labels, int numClasses, SplittableRandom rng) {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        int[][] byClass = new int[numClasses][];
        for (int k = 0; k < numClasses; k++) {
            byClass[k] = new int[counts[k]];
        }
        int[] fill = new int[numClasses];
        for (int i = 0; i < labels.length; i++) {
            byClass[labels[i]][fill[labels[i]]++] = i;
        }
        for (int k = 0; k < numClasses; k++) {
            shuffle(byClass[k], rng);
        }
        return byClass;
    }
}
