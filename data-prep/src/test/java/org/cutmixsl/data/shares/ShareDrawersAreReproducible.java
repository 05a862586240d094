package org.cutmixsl.data.shares;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShareDrawersAreReproducible {

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        int[] labels = Splits.balanced(5000, 10);
        for (ShareDrawer drawer : Splits.all()) {
            for (long seed = 0; seed < 5; seed++) {
                ClientShares a = drawer.draw(labels, 10, 20, 64, seed);
                ClientShares b = drawer.draw(labels.clone(), 10, 20, 64, seed);
                ClientShares other = drawer.draw(labels, 10, 20, 64, seed + 1000);
                boolean differs = false;
                for (int c = 0; c < 20; c++) {
                    assertArrayEquals(a.samplesOf(c), b.samplesOf(c), drawer.describe() + " client " + c);
                    differs |= !Arrays.equals(a.samplesOf(c), other.samplesOf(c));
                }
                assertFalse(!differs, drawer.describe() + ": seeds " + seed + " and " + (seed + 1000)
                        + " gave the same split");
            }
        }
    }
}
