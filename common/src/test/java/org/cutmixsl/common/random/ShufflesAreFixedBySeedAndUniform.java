package org.cutmixsl.common.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The shuffle decides every run's minibatches, mixing plans, shares and participants: its output for a seed is
 * pinned (recorded runs and their retraining check depend on it), and it draws uniformly.
 */
class ShufflesAreFixedBySeedAndUniform {

    @Test
    void aSeedGivesThePinnedOrder() {
        // the order the shuffle gave before it was shared; a change here changes every recorded run
        assertArrayEquals(new int[] {3, 4, 7, 0, 8, 5, 9, 2, 6, 1}, Shuffles.permutation(10, new SplittableRandom(42)));
        assertArrayEquals(new int[] {9, 11, 15, 16, 18}, Shuffles.sortedDraw(20, 5, new SplittableRandom(7)));
    }

    @Test
    void aDrawOfAllOrMoreIsEveryValueInOrder() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, Shuffles.sortedDraw(4, 4, new SplittableRandom(1)));
        assertArrayEquals(new int[] {0, 1, 2, 3}, Shuffles.sortedDraw(4, 9, new SplittableRandom(1)));
        assertArrayEquals(new int[0], Shuffles.sortedDraw(4, 0, new SplittableRandom(1)));
    }

    @Test
    void everyValueLandsInEveryPositionEquallyOften() {
        int n = 5;
        int trials = 100_000;
        int[][] counts = new int[n][n];
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 0; t < trials; t++) {
            int[] p = Shuffles.permutation(n, rng);
            int[] sorted = p.clone();
            Arrays.sort(sorted);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, sorted);
            for (int position = 0; position < n; position++) {
                counts[p[position]][position]++;
            }
        }
        // each cell is Binomial(trials, 1/n): sd about 126; allow 5 of them
        double expected = trials / (double) n;
        double sd = Math.sqrt(trials * (1.0 / n) * (1 - 1.0 / n));
        for (int v = 0; v < n; v++) {
            for (int position = 0; position < n; position++) {
                assertEquals(expected, counts[v][position], 5 * sd, "value " + v + " at position " + position);
            }
        }
    }

    @Test
    void aSortedDrawPicksEachValueEquallyOften() {
        int n = 8;
        int k = 3;
        int trials = 80_000;
        int[] counts = new int[n];
        SplittableRandom rng = new SplittableRandom(5);
        for (int t = 0; t < trials; t++) {
            int[] drawn = Shuffles.sortedDraw(n, k, rng);
            assertEquals(k, drawn.length);
            for (int i = 1; i < k; i++) {
                assertTrue(drawn[i] > drawn[i - 1], "ascending and distinct: " + Arrays.toString(drawn));
            }
            for (int v : drawn) {
                counts[v]++;
            }
        }
        double p = k / (double) n;
        double sd = Math.sqrt(trials * p * (1 - p));
        for (int v = 0; v < n; v++) {
            assertEquals(trials * p, counts[v], 5 * sd, "value " + v);
        }
    }
}
