package org.cutmixsl.spark.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.cutmixsl.common.io.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * metrics.csv through MetricsCodec, as the round loop and checkpoints write it and checkpoints and reports read it:
 * the header, then one line per round, each ending in a newline; a file of an older run (fewer columns) reads by its
 * header, the missing columns empty; the Parquet twin has the CSV's columns.
 */
class MetricsFileIsWrittenAndReadByOneCodec {

    private static RoundMetrics row(int round, double test) {
        return new RoundMetrics(round, "cutmixsl", 1.25, test, 0.01, Double.NaN, Double.NaN, 0.3, 10, 20, 30,
                40L * round, 50L * round, 60L * round, 1.5, 2.5, 3.5, 4.5, 5.5);
    }

    @Test
    void theFileIsTheHeaderThenOneLinePerRound() {
        List<RoundMetrics> rows = List.of(row(1, Double.NaN), row(2, 0.625));
        String text = MetricsCodec.toCsv(rows);
        assertEquals(RoundMetrics.HEADER + "\n" + rows.get(0).toCsv() + "\n" + rows.get(1).toCsv() + "\n", text);
        assertEquals(rows, MetricsCodec.fromCsv(text));
        assertEquals(List.of(), MetricsCodec.fromCsv(MetricsCodec.toCsv(List.of())));
    }

    @Test
    void aFileOfAnOlderRunReads(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve(MetricsCodec.CSV), "round,method,train_loss,test_accuracy,test_accuracy_std,"
                + "distance_correlation,bytes_up,bytes_down,bytes_sync,bytes_up_total,bytes_down_total,bytes_sync_total,"
                + "seconds_client_forward,seconds_server,seconds_client_backward,seconds_orchestration,seconds_eval\n"
                + "1,cutmixsl,1.25,,0.01,0.3,10,20,30,40,50,60,1.500,2.500,3.500,4.500,5.500\n\n",
                StandardCharsets.UTF_8);
        assertEquals(List.of(row(1, Double.NaN)), MetricsCodec.read(Location.of(run.toString())));
    }

    @Test
    void aFileFromBeforeTheDistanceCorrelationReadsWithItEmpty() {
        RoundMetrics read = MetricsCodec.fromCsv("round,method,train_loss,test_accuracy,test_accuracy_std,bytes_up,"
                + "bytes_down,bytes_sync,bytes_up_total,bytes_down_total,bytes_sync_total,seconds_client_forward,"
                + "seconds_server,seconds_client_backward,seconds_orchestration,seconds_eval\n"
                + "2,cutmixsl,1.25,0.625,0.01,10,20,30,80,100,120,1.500,2.500,3.500,4.500,5.500\n").get(0);
        RoundMetrics expected = row(2, 0.625);
        assertEquals(new RoundMetrics(2, "cutmixsl", 1.25, 0.625, 0.01, Double.NaN, Double.NaN, Double.NaN, 10, 20, 30,
                80, 100, 120, 1.5, 2.5, 3.5, 4.5, 5.5), read);
        assertEquals(expected.bytesUpTotal(), read.bytesUpTotal());
    }

    @Test
    void aBadFileIsNamed(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve(MetricsCodec.CSV), RoundMetrics.HEADER + "\n1,cutmixsl,1.25\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricsCodec.read(Location.of(run.toString())));
        assertTrue(e.getMessage().startsWith(run.resolve(MetricsCodec.CSV) + ": metrics row has 3 columns"),
                e.getMessage());
    }

    @Test
    void theParquetTwinHasTheCsvColumns() {
        assertEquals(Arrays.asList(RoundMetrics.HEADER.split(",")),
                Arrays.stream(MetricsCodec.SCHEMA.fields()).map(StructField::name).toList());
    }
}
