package org.cutmixsl.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Minibatches are a pure function of (seed, client, round), every batch has B indices, and consecutive rounds
 * walk through seeded epochs that each hold every sample exactly once, also when a batch straddles two epochs.
 */
class MinibatchSamplerCoversEachEpochOnce {

    @Test
    void consecutiveBatchesCoverEveryEpochExactlyOnce() {
        for (int[] nb : new int[][] {{10, 5}, {12, 5}, {7, 3}, {5, 8}}) {
            int n = nb[0];
            int b = nb[1];
            int epochs = 4;
            int rounds = (int) Math.ceil((double) epochs * n / b) + 1;
            int[] stream = new int[rounds * b];
            for (int r = 0; r < rounds; r++) {
                int[] batch = MinibatchSampler.indices(42L, 3, r, n, b);
                assertEquals(b, batch.length, "n " + n + " b " + b + " round " + r);
                System.arraycopy(batch, 0, stream, r * b, b);
            }
            for (int e = 0; e < epochs; e++) {
                int[] epoch = Arrays.copyOfRange(stream, e * n, (e + 1) * n);
                Arrays.sort(epoch);
                for (int i = 0; i < n; i++) {
                    assertEquals(i, epoch[i], "n " + n + " b " + b + ": epoch " + e + " is not a permutation");
                }
            }
        }
    }

    @Test
    void sameSeedClientAndRoundGiveTheSameBatch() {
        for (int r = 0; r < 20; r++) {
            assertArrayEquals(MinibatchSampler.indices(9L, 1, r, 100, 32), MinibatchSampler.indices(9L, 1, r, 100, 32));
        }
    }

    @Test
    void seedClientAndEpochChangeTheOrder() {
        int[] base = MinibatchSampler.indices(9L, 1, 0, 100, 100);
        assertFalse(Arrays.equals(base, MinibatchSampler.indices(10L, 1, 0, 100, 100)), "another seed");
        assertFalse(Arrays.equals(base, MinibatchSampler.indices(9L, 2, 0, 100, 100)), "another client");
        assertFalse(Arrays.equals(base, MinibatchSampler.indices(9L, 1, 1, 100, 100)), "the next epoch");
    }
}
