package org.cutmixsl.spark.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cutmixsl.spark.TestSpark;
import org.cutmixsl.spark.TinyStudy;
import org.junit.jupiter.api.Test;

/**
 * The study's results table (built with Spark SQL over the tiny study's six runs): one row per run in results.csv
 * and results.parquet, the documented columns in order, values that agree with each run's own files.
 */
class ResultsTableHasOneRowPerRun {

    @Test
    void csvAndParquetHoldOneRowPerRunWithTheDocumentedColumns() throws IOException {
        Path dir = TinyStudy.get().dir();
        List<String> csv = Files.readAllLines(dir.resolve(ResultsTable.CSV));
        assertEquals(String.join(",", ResultsTable.COLUMNS), csv.get(0));
        assertEquals(1 + 6, csv.size(), String.join("\n", csv));
        Dataset<Row> parquet = TestSpark.session().read().parquet(dir.resolve(ResultsTable.PARQUET).toUri().toString());
        assertEquals(ResultsTable.COLUMNS, Arrays.asList(parquet.columns()));
        assertEquals(6, parquet.count());
    }

    @Test
    void rowsAgreeWithTheRunsOwnFiles() throws IOException {
        Path dir = TinyStudy.get().dir();
        List<Row> rows = TestSpark.session().read().parquet(dir.resolve(ResultsTable.PARQUET).toUri().toString())
                .orderBy("run_id").collectAsList();
        for (Row r : rows) {
            String id = r.getAs("run_id");
            Path run = dir.resolve(r.<String>getAs("run_dir"));
            assertTrue(Files.exists(run.resolve("_SUCCESS")), id);
            List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
            List<String> header = Arrays.asList(metrics.get(0).split(",", -1));
            String[] last = metrics.get(metrics.size() - 1).split(",", -1);
            assertEquals(Double.parseDouble(last[header.indexOf("test_accuracy")]), r.<Double>getAs("test_accuracy"),
                    1e-12, id);
            assertEquals(Long.parseLong(last[header.indexOf("bytes_up_total")]) / 1e6, r.<Double>getAs("up_mb_total"),
                    1e-9, id);
            assertEquals(2, r.<Integer>getAs("rounds").intValue(), id);
            assertEquals(4, r.<Integer>getAs("clients").intValue(), id);
            if (id.startsWith("centralized")) {
                assertEquals("nothing received", r.getAs("attack"), id);
                assertNull(r.getAs("attack_psnr"), id);
                assertNull(r.getAs("distance_correlation"), "centralized sends nothing: " + id);
                assertEquals("pooled", r.getAs("heads"));
            } else {
                assertEquals("reconstructed", r.getAs("attack"), id);
                assertEquals(64L, r.<Long>getAs("attack_images").longValue(), id);
                assertTrue(r.<Double>getAs("distance_correlation") > 0, id);
                assertEquals("per client", r.getAs("heads"));
                assertEquals(r.<Double>getAs("up_mb_total") / (2 * 4), r.<Double>getAs("up_mb_per_client_round"), 1e-9);
            }
            assertNull(r.getAs("epsilon"), "no DP variant in this study: " + id);
        }
    }
}
