package org.cutmixsl.data.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.data.testing.FashionMnistFiles;
import org.cutmixsl.data.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's own example on the real Fashion-MNIST files of the Debian package dataset-fashion-mnist (which
 * {@code bin/cutmixsl test} and {@code .ci/run} install; skipped only where it is absent).
 */
class FashionMnistPreparesEndToEnd {

    private static final Path SOURCE = FashionMnistFiles.SOURCE;

    @TempDir
    Path tmp;

    @Test
    void hundredClientsDirichletHalf() throws Exception {
        FashionMnistFiles.require();
        SparkSession spark = SharedSpark.session();
        Path out = tmp.resolve("fm100");

        CommandRun run = CommandRun.of("--dataset", "fashion-mnist", "--clients", "100", "--shares", "dirichlet",
                "--beta", "0.5", "--seed", "7", "--out", out.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("train:   60000 rows over 100 clients"), run.out());
        PreparedDataset d = PreparedDataset.open(out.toString());
        assertEquals(60000, d.trainRows());
        assertEquals(10000, d.testRows());
        assertEquals(100, d.clients());
        assertTrue(java.util.Arrays.stream(d.clientSampleCounts()).min().orElseThrow() >= 64);
        assertEquals(60000, d.readTrain(spark).count());
        assertEquals(100, d.readTrain(spark).select("client_id").distinct().count());
        assertEquals(10000, d.readTest(spark).count());

        // Fashion-MNIST has 6000 training images per class; the CSV's columns must add up to that.
        List<String> lines = Files.readAllLines(out.resolve("share-stats.csv"));
        assertEquals(101, lines.size());
        int[] perClass = new int[10];
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            for (int k = 0; k < 10; k++) {
                perClass[k] += Integer.parseInt(cells[k + 1]);
            }
        }
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, perClass);
    }
}
