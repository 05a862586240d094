package org.cutmixsl.data.shares;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DirichletSkewGrowsAsBetaShrinks {

    /** Mean over clients of the total variation distance between a client's label mix and the global one. */
    private static double meanSkew(ClientShares p) {
        int[][] counts = p.classCounts();
        double[] global = new double[p.numClasses()];
        for (int[] row : counts) {
            for (int k = 0; k < row.length; k++) {
                global[k] += row[k];
            }
        }
        for (int k = 0; k < global.length; k++) {
            global[k] /= p.samples();
        }
        double total = 0;
        for (int c = 0; c < counts.length; c++) {
            double tv = 0;
            for (int k = 0; k < global.length; k++) {
                tv += Math.abs((double) counts[c][k] / p.size(c) - global[k]);
            }
            total += tv / 2;
        }
        return total / counts.length;
    }

    @Test
    void skewAtBetaPointOneFarExceedsSkewAtTen() {
        int[] labels = Splits.balanced(20000, 10);
        for (long seed = 0; seed < 10; seed++) {
            double skewed = meanSkew(new DirichletShares(0.1).draw(labels, 10, 50, 64, seed));
            double mild = meanSkew(new DirichletShares(0.5).draw(labels, 10, 50, 64, seed));
            double even = meanSkew(new DirichletShares(10).draw(labels, 10, 50, 64, seed));
            double iid = meanSkew(new IidShares().draw(labels, 10, 50, 64, seed));
            String values = "seed " + seed + ": beta 0.1 -> " + skewed + ", 0.5 -> " + mild + ", 10 -> " + even
                    + ", iid -> " + iid;
            assertTrue(skewed > 0.55, values);
            assertTrue(skewed > mild && mild > even, values);
            assertTrue(skewed > 3 * even, values);
            assertTrue(even < 0.2 && iid < 0.1, values);
        }
    }
}
