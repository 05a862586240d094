package org.cutmixsl.spark.round;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * What the round loop reports from the evaluator's per-head accuracies: their mean, and their spread as the
 * sample standard deviation (divisor n − 1), 0 for a single head.
 */
class AccuracySpreadIsTheSampleStandardDeviationOverHeads {

    private static final RoundMetrics TRAINED = new RoundMetrics(3, "cutmixsl", 1.5, Double.NaN, Double.NaN, 0.2, 10, 20,
            30, 40, 50, 60, 1, 2, 3, 4, Double.NaN);

    @Test
    void meanAndSampleStandardDeviationOfFourHeads() {
        // mean 0.5; squared deviations 0.01 + 0.01 + 0.04 + 0.04 = 0.10; sample sd √(0.10/3)
        RoundMetrics m = RoundLoop.withAccuracy(TRAINED, new double[] {0.4, 0.6, 0.3, 0.7}, 2.5);
        assertEquals(0.5, m.testAccuracy(), 1e-12);
        assertEquals(Math.sqrt(0.10 / 3), m.testAccuracyStd(), 1e-12); // population sd would be √(0.10/4) ≈ 0.158
        assertEquals(2.5, m.secondsEval(), 0);
    }

    @Test
    void twoHeads() {
        RoundMetrics m = RoundLoop.withAccuracy(TRAINED, new double[] {0.8, 0.6}, 1);
        assertEquals(0.7, m.testAccuracy(), 1e-12);
        assertEquals(Math.sqrt(0.02), m.testAccuracyStd(), 1e-12);
    }

    @Test
    void oneHeadHasNoSpread() {
        RoundMetrics m = RoundLoop.withAccuracy(TRAINED, new double[] {0.83}, 1);
        assertEquals(0.83, m.testAccuracy(), 0);
        assertEquals(0, m.testAccuracyStd(), 0);
    }

    @Test
    void theTrainingColumnsAreKept() {
        RoundMetrics m = RoundLoop.withAccuracy(TRAINED, new double[] {0.4, 0.6}, 1);
        assertEquals(TRAINED.toCsv().split(",", -1)[2], m.toCsv().split(",", -1)[2]);
        for (int column = 5; column < RoundMetrics.DETERMINISTIC_COLUMNS; column++) {
            assertEquals(TRAINED.toCsv().split(",", -1)[column], m.toCsv().split(",", -1)[column], "column " + column);
        }
        assertEquals(3, m.round());
        assertEquals("cutmixsl", m.method());
    }
}
