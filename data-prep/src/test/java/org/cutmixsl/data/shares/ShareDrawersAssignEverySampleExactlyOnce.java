package org.cutmixsl.data.shares;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShareDrawersAssignEverySampleExactlyOnce {

    @Test
    void overSeedsSchemesAndLabelMixes() {
        for (ShareDrawer drawer : Splits.all()) {
            for (long seed = 0; seed < 15; seed++) {
                for (int[] labels : new int[][] {Splits.balanced(3000, 10), Splits.lopsided(2000, 10)}) {
                    int clients = 7 + (int) (seed % 5) * 6;
                    ClientShares p = drawer.draw(labels, 10, clients, 20, seed);
                    String where = drawer.describe() + " seed " + seed;

                    int[] holders = Splits.holders(p, labels.length);
                    int[] once = new int[labels.length];
                    java.util.Arrays.fill(once, 1);
                    assertArrayEquals(once, holders, where);
                    assertEquals(clients, p.clients(), where);

                    int[][] counts = p.classCounts();
                    for (int c = 0; c < clients; c++) {
                        int[] expected = new int[10];
                        for (int sample : p.samplesOf(c)) {
                            expected[labels[sample]]++;
                        }
                        assertArrayEquals(expected, counts[c], where + " client " + c);
                    }
                }
            }
        }
    }
}
