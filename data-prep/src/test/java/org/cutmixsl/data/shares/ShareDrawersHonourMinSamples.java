package org.cutmixsl.data.shares;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShareDrawersHonourMinSamples {

    @Test
    void everyClientGetsTheMinimumOverSeeds() {
        for (ShareDrawer drawer : Splits.all()) {
            for (long seed = 0; seed < 20; seed++) {
                int[] labels = seed % 2 == 0 ? Splits.balanced(2400, 10) : Splits.lopsided(2400, 10);
                ClientShares p = drawer.draw(labels, 10, 30, 64, seed);
                int smallest = Arrays.stream(p.sizes()).min().orElseThrow();
                assertTrue(smallest >= 64, drawer.describe() + " seed " + seed + ": smallest client " + smallest);
            }
        }
    }

    @Test
    void exactlyEnoughSamplesGivesEveryClientExactlyTheMinimum() {
        // 25 clients × 64 = 1600 samples: the reserve uses them all, so all clients hold exactly 64.
        for (ShareDrawer drawer : Splits.all()) {
            ClientShares p = drawer.draw(Splits.lopsided(1600, 10), 10, 25, 64, 3);
            for (int size : p.sizes()) {
                assertEquals(64, size, drawer.describe());
            }
        }
    }

    @Test
    void skewedDirichletWithScarceLabelsStillReachesTheMinimum() {
        // Class 0 holds 90%: clients whose proportions favour the scarce classes must be topped up from class 0.
        for (long seed = 0; seed < 20; seed++) {
            ClientShares p = new DirichletShares(0.05).draw(Splits.lopsided(6000, 10), 10, 90, 64, seed);
            assertTrue(Arrays.stream(p.sizes()).min().orElseThrow() >= 64, "seed " + seed);
        }
    }

    @Test
    void tooFewSamplesNamesBothNumbers() {
        for (ShareDrawer drawer : Splits.all()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> drawer.draw(Splits.balanced(1000, 10), 10, 16, 64, 1));
            assertEquals("cannot give 16 clients 64 samples each: that needs 1024 training samples, but only 1000"
                    + " are available", e.getMessage());
        }
    }
}
