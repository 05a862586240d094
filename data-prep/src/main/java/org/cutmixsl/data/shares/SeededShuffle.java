package org.cutmixsl.data.shares;

import java.util.SplittableRandom;
import org.cutmixsl.common.random.Shuffles;

/** Samples in a random order by class, with the one shuffle ({@link Shuffles}), so that a seed fixes the order. */
final class SeededShuffle {

    private SeededShuffle() {
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
            Shuffles.shuffle(byClass[k], rng);
        }
        return byClass;
    }
}
