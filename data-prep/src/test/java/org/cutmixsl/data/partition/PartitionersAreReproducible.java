package org.cutmixsl.data.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PartitionersAreReproducible {

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        int[] labels = Splits.balanced(5000, 10);
        for (Partitioner partitioner : Splits.all()) {
            for (long seed = 0; seed < 5; seed++) {
                Partition a = partitioner.partition(labels, 10, 20, 64, seed);
                Partition b = partitioner.partition(labels.clone(), 10, 20, 64, seed);
                Partition other = partitioner.partition(labels, 10, 20, 64, seed + 1000);
                boolean differs = false;
                for (int c = 0; c < 20; c++) {
                    assertArrayEquals(a.samplesOf(c), b.samplesOf(c), partitioner.describe() + " client " + c);
                    differs |= !Arrays.equals(a.samplesOf(c), other.samplesOf(c));
                }
                assertFalse(!differs, partitioner.describe() + ": seeds " + seed + " and " + (seed + 1000)
                        + " gave the same split");
            }
        }
    }
}
