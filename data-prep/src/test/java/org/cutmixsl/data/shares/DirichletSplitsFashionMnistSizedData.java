package org.cutmixsl.data.shares;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The two splits the issue names, at Fashion-MNIST's size (60000 samples, 6000 per class). */
class DirichletSplitsFashionMnistSizedData {

    private static final int[] LABELS = Splits.balanced(60000, 10);

    @Test
    void betaPointOneOverOneHundredClients() {
        for (long seed = 0; seed < 5; seed++) {
            ClientShares p = new DirichletShares(0.1).draw(LABELS, 10, 100, 64, seed);
            assertEquals(60000, p.samples());
            assertTrue(Arrays.stream(p.sizes()).min().orElseThrow() >= 64, "seed " + seed);
        }
    }

    @Test
    void betaPointFiveOverFiveHundredClients() {
        for (long seed = 0; seed < 5; seed++) {
            ClientShares p = new DirichletShares(0.5).draw(LABELS, 10, 500, 64, seed);
            assertEquals(500, p.clients());
            assertTrue(Arrays.stream(p.sizes()).min().orElseThrow() >= 64, "seed " + seed);
        }
    }

    @Test
    void nineHundredClientsLeaveAlmostNothingToSpread() {
        // 900 × 64 = 57600 of 60000: the reserve meets class supply limits at β = 0.1.
        ClientShares p = new DirichletShares(0.1).draw(LABELS, 10, 900, 64, 11);
        assertTrue(Arrays.stream(p.sizes()).min().orElseThrow() >= 64);
    }
}
