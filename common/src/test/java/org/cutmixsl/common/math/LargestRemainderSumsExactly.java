package org.cutmixsl.common.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LargestRemainderSumsExactly {

    @Test
    void handCheckedExample() {
        // 10 × (0.5, 0.3, 0.2) = 5, 3, 2 exactly; 7 × the same = 3.5, 2.1, 1.4 -> floors 3, 2, 1, one unit to 0.5.
        assertArrayEquals(new int[] {5, 3, 2}, LargestRemainder.apportion(new double[] {0.5, 0.3, 0.2}, 10));
        assertArrayEquals(new int[] {4, 2, 1}, LargestRemainder.apportion(new double[] {0.5, 0.3, 0.2}, 7));
        assertArrayEquals(new int[] {2, 2, 1}, LargestRemainder.apportion(new double[] {0, 0, 0}, 5));
        assertArrayEquals(new int[] {3, 3, 2, 2}, LargestRemainder.equal(10, 4));
    }

    @Test
    void randomWeightsAlwaysSumToTheTotal() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 2000; trial++) {
            double[] weights = new double[1 + rng.nextInt(40)];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = rng.nextDouble() < 0.2 ? 0 : Math.pow(rng.nextDouble(), 8);
            }
            int total = rng.nextInt(10000);
            int[] shares = LargestRemainder.apportion(weights, total);
            assertEquals(total, Arrays.stream(shares).sum());
            for (int i = 0; i < shares.length; i++) {
                assertEquals(true, shares[i] >= 0);
            }
        }
    }
}
