package org.cutmixsl.data.shares;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShardSharesDealLabelSortedShards {

    @Test
    void twoShardsOfSixHundredPerClassGiveAtMostFourLabels() {
        int[] labels = Splits.balanced(6000, 10);
        for (long seed = 0; seed < 10; seed++) {
            ClientShares p = new ShardShares(2).draw(labels, 10, 100, 30, seed);
            int totalLabels = 0;
            for (int[] row : p.classCounts()) {
                int held = 0;
                for (int count : row) {
                    held += count > 0 ? 1 : 0;
                }
                // A shard of 30 sorted samples spans at most 2 labels; 2 shards at most 4.
                assertTrue(held <= 4, "seed " + seed + ": a client holds " + held + " labels");
                totalLabels += held;
            }
            assertTrue(totalLabels / 100.0 < 2.5, "seed " + seed + ": mean labels per client " + totalLabels / 100.0);
            for (int size : p.sizes()) {
                assertEquals(60, size);
            }
        }
    }

    @Test
    void moreShardsThanSamplesPerClientIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ShardShares(50).draw(Splits.balanced(400, 10), 10, 10, 4, 1));
        assertEquals("cannot cut 40 samples per client into 50 non-empty shards: lower shards per client or clients",
                e.getMessage());
    }
}
