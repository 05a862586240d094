package org.cutmixsl.data.partition;

/**
 * Integer shares of a total in proportion to weights, by the largest-remainder method: each share is the floor
 * of its exact value, and the units left over go to the largest fractional parts (ties to the lower index).
 * The shares always sum to the total exactly, which rounding each share on its own does not guarantee.
 */
final class LargestRemainder {

    private LargestRemainder() {
    }

    /**
     * @param weights non-negative weights; all zero means equal weights
     * @param total the total to share out, non-negative
     * @return shares summing to {@code total}
     */
    static int[] apportion(double[] weights, int total) {
        int n = weights.length;
        int[] shares = new int[n];
        if (n == 0 || total == 0) {
            return shares;
        }
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] exact = new double[n];
        for (int i = 0; i < n; i++) {
            exact[i] = sum > 0 ? total * (weights[i] / sum) : (double) total / n;
        }
        int given = 0;
        for (int i = 0; i < n; i++) {
            shares[i] = (int) Math.floor(exact[i]);
            given += shares[i];
        }
        // Floating error can push the floors one unit over or under; settle the difference on remainders.
        while (given < total) {
            int best = -1;
            double bestFraction = -1;
            for (int i = 0; i < n; i++) {
                double fraction = exact[i] - shares[i];
                if (fraction > bestFraction) {
                    bestFraction = fraction;
                    best = i;
                }
            }
            shares[best]++;
            given++;
        }
        while (given > total) {
            int worst = -1;
            double worstFraction = Double.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                double fraction = exact[i] - shares[i];
                if (shares[i] > 0 && fraction < worstFraction) {
                    worstFraction = fraction;
                    worst = i;
                }
            }
            shares[worst]--;
            given--;
        }
        return shares;
    }

    /**
     * @param total the total to share out
     * @param parts number of equal parts
     * @return shares differing by at most one, the larger ones first
     */
    static int[] equal(int total, int parts) {
        int[] shares = new int[parts];
        for (int i = 0; i < parts; i++) {
            shares[i] = total / parts + (i < total % parts ? 1 : 0);
        }
        return shares;
    }
}
