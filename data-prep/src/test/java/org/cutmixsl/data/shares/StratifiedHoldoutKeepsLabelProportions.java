package org.cutmixsl.data.shares;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StratifiedHoldoutKeepsLabelProportions {

    @Test
    void perClassCountsFollowTheClassShares() {
        int[] labels = Splits.lopsided(5000, 10);
        int[] classSizes = new int[10];
        for (int label : labels) {
            classSizes[label]++;
        }
        for (long seed = 0; seed < 5; seed++) {
            StratifiedHoldout split = StratifiedHoldout.select(labels, 10, 500, seed);
            int[] held = new int[10];
            for (int i : split.holdout()) {
                held[labels[i]]++;
            }
            assertEquals(500, Arrays.stream(held).sum());
            for (int k = 0; k < 10; k++) {
                double exact = 500.0 * classSizes[k] / labels.length;
                assertTrue(Math.abs(held[k] - exact) < 1, "class " + k + ": " + held[k] + " vs " + exact);
            }
            int[] all = IntStream.concat(Arrays.stream(split.holdout()), Arrays.stream(split.remaining()))
                    .sorted().toArray();
            assertArrayEquals(IntStream.range(0, labels.length).toArray(), all);
        }
    }

    @Test
    void reproducibleAndEmptyWhenZero() {
        int[] labels = Splits.balanced(1000, 10);
        assertArrayEquals(StratifiedHoldout.select(labels, 10, 100, 4).holdout(),
                StratifiedHoldout.select(labels, 10, 100, 4).holdout());
        assertEquals(0, StratifiedHoldout.select(labels, 10, 0, 4).holdout().length);
    }
}
