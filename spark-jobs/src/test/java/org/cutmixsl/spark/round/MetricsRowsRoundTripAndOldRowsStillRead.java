package org.cutmixsl.spark.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * metrics.csv rows through RoundMetrics, the one codec for them: the validation columns round-trip, empty when not
 * evaluated, and a row written before they existed (a resumed old checkpoint) reads with them empty; the same for
 * the simulated seconds and the dropped column.
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
        String oldHeader = RoundMetrics.HEADER.replace(",sim_seconds,sim_seconds_total,dropped", "");
        assertEquals(List.of(old), MetricsCodec.fromCsv(oldHeader + "\n3,sfl,1.25,0.5,0.01,0.625,0.0125,0.3,10,20,30,"
                + "40,50,60,1.500,2.500,3.500,4.500,5.500\n"));
    }

    @Test
    void theDroppedColumnRoundTripsAndRowsWrittenBeforeItReadWithNobodyDropped() {
        RoundMetrics m = new RoundMetrics(3, "sfl", Double.NaN, 0.5, 0.01, 0.625, 0.0125, 0.3, 10, 0, 30, 40, 50, 60,
                1.5, 2.5, 3.5, 4.5, 5.5, 12.25, 36.75, "0:dropout;1:deadline;2:group");
        assertEquals("dropped", RoundMetrics.HEADER.split(",")[21]);
        assertTrue(m.toCsv().startsWith("3,sfl,,"), "an empty round's loss is empty: " + m.toCsv());
        assertTrue(m.toCsv().endsWith(",0:dropout;1:deadline;2:group"), m.toCsv());
        assertEquals(m.toCsv(), RoundMetrics.fromCsv(m.toCsv()).toCsv());
        assertTrue(RoundMetrics.fromCsv(m.toCsv()).empty());
        assertEquals(3, m.droppedClients());
        RoundMetrics before = RoundMetrics.fromCsv("3,sfl,1.25,0.5,0.01,0.625,0.0125,0.3,10,20,30,40,50,60,1.500,"
                + "2.500,3.500,4.500,5.500,12.250,36.750");
        assertEquals("", before.dropped());
        assertEquals(0, before.droppedClients());
        String headerBefore = RoundMetrics.HEADER.replace(",dropped", "");
        assertEquals(List.of(before), MetricsCodec.fromCsv(headerBefore + "\n3,sfl,1.25,0.5,0.01,0.625,0.0125,0.3,10,"
                + "20,30,40,50,60,1.500,2.500,3.500,4.500,5.500,12.250,36.750\n"));
        assertThrows(IllegalArgumentException.class, () -> new RoundMetrics(3, "sfl", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, "1:dropout,2:dropout"), "a comma would break the row");
    }

    @Test
    void aRowWrittenBeforeTheValidationColumnsReadsWithThemEmpty() {
        RoundMetrics old = RoundMetrics.fromCsv("3,sfl,1.25,0.5,0.01,0.3,10,20,30,40,50,60,1.500,2.500,3.500,4.500,5.500");
        assertEquals(row(Double.NaN, Double.NaN), old);
        assertThrows(IllegalArgumentException.class, () -> RoundMetrics.fromCsv("3,sfl,1.25"));
    }
}
