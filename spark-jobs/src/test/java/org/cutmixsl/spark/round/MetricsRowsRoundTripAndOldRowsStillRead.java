package org.cutmixsl.spark.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * metrics.csv rows through RoundMetrics, the one codec for them: the validation columns round-trip, empty when not
 * evaluated, and a row written before they existed (a resumed old checkpoint) reads with them empty.
 */
class MetricsRowsRoundTripAndOldRowsStillRead {

    private static RoundMetrics row(double validation, double validationStd) {
        return new RoundMetrics(3, "sfl", 1.25, 0.5, 0.01, validation, validationStd, 0.3, 10, 20, 30, 40, 50, 60,
                1.5, 2.5, 3.5, 4.5, 5.5);
    }

    @Test
    void validationColumnsRoundTrip() {
        RoundMetrics m = row(0.625, 0.0125);
        assertEquals(m, RoundMetrics.fromCsv(m.toCsv()));
        assertEquals(RoundMetrics.HEADER.split(",").length, m.toCsv().split(",", -1).length);
        assertEquals("validation_accuracy", RoundMetrics.HEADER.split(",")[5]);
        assertEquals("validation_accuracy_std", RoundMetrics.HEADER.split(",")[6]);
    }

    @Test
    void notEvaluatedIsEmpty() {
        RoundMetrics m = row(Double.NaN, Double.NaN);
        String[] columns = m.toCsv().split(",", -1);
        assertEquals("", columns[5]);
        assertEquals("", columns[6]);
        assertTrue(Double.isNaN(RoundMetrics.fromCsv(m.toCsv()).validationAccuracy()));
    }

    @Test
    void simulatedSecondsRoundTripAndRowsWrittenBeforeThemReadWithThemEmpty() {
        RoundMetrics m = new RoundMetrics(3, "sfl", 1.25, 0.5, 0.01, 0.625, 0.0125, 0.3, 10, 20, 30, 40, 50, 60,
                1.5, 2.5, 3.5, 4.5, 5.5, 12.25, 36.75);
        assertEquals(m, RoundMetrics.fromCsv(m.toCsv()));
        assertEquals("sim_seconds", RoundMetrics.HEADER.split(",")[19]);
        assertEquals("sim_seconds_total", RoundMetrics.HEADER.split(",")[20]);
        RoundMetrics old = RoundMetrics.fromCsv("3,sfl,1.25,0.5,0.01,0.625,0.0125,0.3,10,20,30,40,50,60,1.500,2.500,"
                + "3.500,4.500,5.500");
        assertEquals(row(0.625, 0.0125), old);
        assertTrue(Double.isNaN(old.simSeconds()) && Double.isNaN(old.simSecondsTotal()));
        String[] unsimulated = row(0.625, 0.0125).toCsv().split(",", -1);
        assertEquals("", unsimulated[19]);
        assertEquals("", unsimulated[20]);
        // a whole file of an older run reads by its header, through the one codec
        String oldHeader = RoundMetrics.HEADER.replace(",sim_seconds,sim_seconds_total", "");
        assertEquals(List.of(old), MetricsCodec.fromCsv(oldHeader + "\n3,sfl,1.25,0.5,0.01,0.625,0.0125,0.3,10,20,30,"
                + "40,50,60,1.500,2.500,3.500,4.500,5.500\n"));
    }

    @Test
    void aRowWrittenBeforeTheValidationColumnsReadsWithThemEmpty() {
        RoundMetrics old = RoundMetrics.fromCsv("3,sfl,1.25,0.5,0.01,0.3,10,20,30,40,50,60,1.500,2.500,3.500,4.500,5.500");
        assertEquals(row(Double.NaN, Double.NaN), old);
        assertThrows(IllegalArgumentException.class, () -> RoundMetrics.fromCsv("3,sfl,1.25"));
    }
}
