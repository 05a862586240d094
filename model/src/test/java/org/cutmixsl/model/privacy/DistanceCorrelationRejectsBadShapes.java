package org.cutmixsl.model.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Inputs the estimator cannot take are refused with a message that says what is wrong. */
class DistanceCorrelationRejectsBadShapes {

    @Test
    void fewerThanFourRowsAreRefused() {
        float[] three = {1, 2, 3};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistanceCorrelation.biasCorrected(three, 3, three, 3));
        assertEquals("distance correlation: n = 3 rows; the bias-corrected (U-centered) estimator needs at least 4",
                e.getMessage());
    }

    @Test
    void unpairedSamplesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistanceCorrelation.biasCorrected(new float[8], 4, new float[10], 5));
        assertEquals("distance correlation: samples must be paired, got 4 rows of x and 5 rows of y", e.getMessage());
    }

    @Test
    void valuesThatDoNotFillWholeRowsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistanceCorrelation.biasCorrected(new float[8], 4, new float[10], 4));
        assertEquals("distance correlation: y holds 10 values, not a whole number of values per row for 4 rows",
                e.getMessage());
    }

    @Test
    void raggedRowsAreRefused() {
        float[][] x = {{1, 2}, {3, 4}, {5}, {7, 8}};
        float[][] y = {{1}, {2}, {3}, {4}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistanceCorrelation.biasCorrected(x, y));
        assertEquals("distance correlation: x rows differ in length: row 0 has 2 values, row 2 has 1", e.getMessage());
    }

    @Test
    void nonFiniteValuesAreRefused() {
        float[] x = {0, 1, 2, Float.NaN};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistanceCorrelation.biasCorrected(x, 4, new float[] {1, 2, 3, 4}, 4));
        assertTrue(e.getMessage().startsWith("distance correlation: x[3] = NaN (row 3)"), e.getMessage());
    }

    @Test
    void aSampleWithoutSpreadHasCorrelationZero() {
        float[] constant = {2, 2, 2, 2, 2};
        float[] y = {0, 1, 3, 2, 7};
        assertEquals(0.0, DistanceCorrelation.biasCorrected(constant, 5, y, 5));
        assertEquals(0.0, DistanceCorrelation.plainSquared(constant, 5, y, 5));
    }
}
