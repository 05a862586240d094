package org.cutmixsl.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.spark.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench scale} at two small sizes on real prepared Fashion-MNIST shares: a per-client cost and the driver's
 * peak memory at each size, and the ratio of the last to the first, as the README's scale section prints them.
 */
class ScaleBenchPrintsPerClientCostAtEachSize {

    @TempDir
    Path tmp;

    @Test
    void eachSizeHasItsCostAndPeaksAndTheRatioIsTheirQuotient() throws IOException {
        // The suite's prepared IID shares (the same recipe bench scale asks for at these sizes), linked where the
        // benchmark looks, so that the test measures rather than prepares; a missing dataset fails under CI=true.
        for (int n : new int[] {2, 4}) {
            Files.createSymbolicLink(tmp.resolve("fashion-mnist-c" + n + "-iid"), Path.of(TestSpark.fashionMnist(n)));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Subcommand.execute(new ScaleBench(), new String[] {"--sizes", "2,4", "--rounds", "1", "--warmup",
            "0", "--data-root", tmp.toString(), "--set", "spark.partitions=2", "--set", "clients.batchSize=8"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        Map<String, String> keys = text.lines().filter(l -> l.matches("[a-z0-9_]+=[0-9.]+"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
        double two = Double.parseDouble(keys.get("ms_per_client_round_2"));
        double four = Double.parseDouble(keys.get("ms_per_client_round_4"));
        assertTrue(two > 0 && four > 0, text);
        assertEquals(four / two, Double.parseDouble(keys.get("scale_4_vs_2")), 0.01 + 0.01 * four / two, text);
        for (int n : new int[] {2, 4}) {
            assertTrue(Double.parseDouble(keys.get("driver_peak_heap_mb_" + n)) > 0, text);
            assertTrue(Double.parseDouble(keys.get("driver_peak_rss_mb_" + n)) > 0, text);
        }
    }
}
