package org.cutmixsl.common.math;

import java.util.Arrays;

/**
 * Integer amounts that add up to a total exactly, by the largest-remainder method: each amount is the floor of its
 * exact value, and the units left over go one each to the largest fractional parts (the lower index first on
 * ties). Each amount is then within one of its exact value, and the amounts always sum to the total, which
 * rounding each on its own does not guarantee. The mixing planner sizes its masks with it, the share drawers the
 * clients' shares.
 */
public final class LargestRemainder {

    private LargestRemainder() {
    }

    /**
     * Rounds exact amounts to integers that sum to {@code total}.
     *
     * @param exact the exact amounts, which should sum to {@code total} up to floating-point error
     * @param total the total, non-negative
     * @param amounts receives the integer amounts, one per exact amount
     */
    public static void round(double[] exact, int total, int[] amounts) {
        int n = exact.length;
        double[] rem = new double[n];
        int sum = 0;
        for (int k = 0; k < n; k++) {
            int f = (int) Math.min(total, Math.max(0, Math.floor(exact[k])));
            amounts[k] = f;
            rem[k] = exact[k] - f;
            sum += f;
        }
        int left = total - sum;
        boolean[] used = new boolean[n];
        while (left > 0) {
            int best = -1;
            for (int k = 0; k < n; k++) {
                if (!used[k] && (best < 0 || rem[k] > rem[best])) {
                    best = k;
                }
            }
            if (best < 0) { // only reachable if the exact amounts summed well below the total: spread the rest evenly
                Arrays.fill(used, false);
                continue;
            }
            used[best] = true;
            amounts[best]++;
            left--;
        }
        while (left < 0) { // only reachable if they summed above it: take from the smallest remainders
            int worst = -1;
            for (int k = 0; k < n; k++) {
                if (amounts[k] > 0 && (worst < 0 || rem[k] < rem[worst])) {
                    worst = k;
                }
            }
            amounts[worst]--;
            rem[worst] += 1;
            left++;
        }
    }

    /**
     * @param weights non-negative weights; all zero means equal weights
     * @param total the total to share out, non-negative
     * @return amounts in proportion to the weights, summing to {@code total}
     */
    public static int[] apportion(double[] weights, int total) {
        int n = weights.length;
        int[] amounts = new int[n];
        if (n == 0 || total == 0) {
            return amounts;
        }
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] exact = new double[n];
        for (int i = 0; i < n; i++) {
            exact[i] = sum > 0 ? total * (weights[i] / sum) : (double) total / n;
        }
        round(exact, total, amounts);
        return amounts;
    }

    /**
     * @param total the total to share out
     * @param parts number of equal parts
     * @return amounts differing by at most one, the larger ones first
     */
    public static int[] equal(int total, int parts) {
        int[] amounts = new int[parts];
        for (int i = 0; i < parts; i++) {
            amounts[i] = total / parts + (i < total % parts ? 1 : 0);
        }
        return amounts;
    }
}
