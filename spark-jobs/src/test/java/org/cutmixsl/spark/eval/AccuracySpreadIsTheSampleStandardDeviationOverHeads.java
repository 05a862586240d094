package org.cutmixsl.spark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * What the evaluator reports from its per-head accuracies (metrics and summary.json): their mean, and their spread as
 * the sample standard deviation (divisor n − 1), 0 for a single head.
 */
class AccuracySpreadIsTheSampleStandardDeviationOverHeads {

    @Test
    void meanAndSampleStandardDeviationOfFourHeads() {
        // mean 0.5; squared deviations 0.01 + 0.01 + 0.04 + 0.04 = 0.10; sample sd √(0.10/3)
        Evaluator.Accuracy a = Evaluator.Accuracy.of(new double[] {0.4, 0.6, 0.3, 0.7});
        assertEquals(0.5, a.mean(), 1e-12);
        assertEquals(Math.sqrt(0.10 / 3), a.std(), 1e-12); // population sd would be √(0.10/4) ≈ 0.158
    }

    @Test
    void twoHeads() {
        Evaluator.Accuracy a = Evaluator.Accuracy.of(new double[] {0.8, 0.6});
        assertEquals(0.7, a.mean(), 1e-12);
        assertEquals(Math.sqrt(0.02), a.std(), 1e-12);
    }

    @Test
    void oneHeadHasNoSpread() {
        Evaluator.Accuracy a = Evaluator.Accuracy.of(new double[] {0.83});
        assertEquals(0.83, a.mean(), 0);
        assertEquals(0, a.std(), 0);
    }
}
