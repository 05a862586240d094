package org.cutmixsl.common.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Student t quantiles against published tables, and intervals of known samples computed by hand. */
class IntervalsMatchKnownValues {

    @Test
    void tQuantilesMatchTheTables() {
        assertEquals(12.706205, StudentT.quantile(0.975, 1), 1e-5);
        assertEquals(4.302653, StudentT.quantile(0.975, 2), 1e-6);
        assertEquals(2.776445, StudentT.quantile(0.975, 4), 1e-6);
        assertEquals(2.262157, StudentT.quantile(0.975, 9), 1e-6);
        assertEquals(1.983972, StudentT.quantile(0.975, 100), 1e-6);
        assertEquals(-2.776445, StudentT.quantile(0.025, 4), 1e-6);
        assertEquals(0.5, StudentT.cdf(0, 3), 1e-15);
    }

    @Test
    void intervalOfAKnownSample() {
        // 0.70, 0.72, 0.74: mean 0.72, sd 0.02, half width t(0.975, 2)·0.02/√3 = 0.049683
        MeanInterval m = MeanInterval.of95(List.of(0.70, 0.72, 0.74));
        assertEquals(0.72, m.mean(), 1e-12);
        assertEquals(0.02, m.sd(), 1e-12);
        assertEquals(3, m.n());
        assertEquals(0.72 - 0.0496826, m.low(), 1e-6);
        assertEquals(0.72 + 0.0496826, m.high(), 1e-6);
    }

    @Test
    void missingValuesAreLeftOutAndOneSeedHasNoInterval() {
        MeanInterval m = MeanInterval.of95(List.of(0.5, Double.NaN));
        assertEquals(1, m.n());
        assertTrue(Double.isNaN(m.low()));
        assertEquals(MeanInterval.TOO_FEW, m.verdict());
        assertEquals(0, MeanInterval.of95(List.of()).n());
    }

    @Test
    void pairedDifferenceIsBetterOnlyWhereItsIntervalExcludesZero() {
        // differences 0.02, 0.03, 0.04: interval 0.03 ± 0.0248 excludes 0
        MeanInterval better = MeanInterval.paired(List.of(0.72, 0.73, 0.74), List.of(0.70, 0.70, 0.70));
        assertEquals(0.03, better.mean(), 1e-12);
        assertEquals(MeanInterval.BETTER, better.verdict());
        // the same means, unpaired noise across seeds: differences 0.10, −0.05, 0.04 hold 0
        MeanInterval unclear = MeanInterval.paired(List.of(0.80, 0.65, 0.74), List.of(0.70, 0.70, 0.70));
        assertEquals(MeanInterval.NO_DIFFERENCE, unclear.verdict());
        MeanInterval worse = MeanInterval.paired(List.of(0.60, 0.61, 0.62), List.of(0.70, 0.70, 0.71));
        assertEquals(MeanInterval.WORSE, worse.verdict());
        assertThrows(IllegalArgumentException.class, () -> MeanInterval.paired(List.of(1.0), List.of(1.0, 2.0)));
    }
}
