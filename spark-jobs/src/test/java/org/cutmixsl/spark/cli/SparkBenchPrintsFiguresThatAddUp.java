package org.cutmixsl.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.spark.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * {@code bench spark} on real prepared Fashion-MNIST shares, a few rounds, two repeats: every figure the README lists
 * is printed, the ratios and differences are those of the phase figures printed beside them, and the ratio over
 * both repeats lies between the repeats' own; the client jobs counted are the two a round of CutMixSL runs, and the
 * ceiling is the bare round over the bare round plus their empty-job floor.
 */
class SparkBenchPrintsFiguresThatAddUp {

    @Test
    void ratiosAndOverheadsAreThoseOfThePhasesPrinted() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Subcommand.execute(new SparkBench(), new String[] {"--rounds", "2", "--warmup", "1", "--repeats", "2",
            "--set", "data.dir=" + TestSpark.fashionMnist(4), "--set", "clients.count=4",
            "--set", "clients.batchSize=8"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        Map<String, Double> f = text.lines().filter(l -> l.matches("[a-z_]+=-?[0-9.]+"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')),
                        l -> Double.parseDouble(l.substring(l.indexOf('=') + 1))));
        double spark = f.get("spark_client_forward_ms") + f.get("spark_server_ms") + f.get("spark_client_backward_ms")
                + f.get("spark_orchestration_ms");
        double bare = f.get("bare_round_ms");
        assertTrue(spark > 0 && bare > 0, text);
        assertEquals(bare / spark, f.get("spark_vs_bare"), 0.002 + 0.01 * bare / spark, text);
        assertEquals(f.get("spark_images_per_s") / f.get("bare_loop_images_per_s"), f.get("spark_vs_bare"),
                0.002 + 0.01 * f.get("spark_vs_bare"), text);
        assertEquals(spark - bare, f.get("round_overhead_ms"), 0.5, text);
        double sparkOutside = f.get("spark_client_forward_ms") + f.get("spark_client_backward_ms")
                + f.get("spark_orchestration_ms");
        double bareOutside = f.get("bare_client_forward_ms") + f.get("bare_client_backward_ms");
        assertEquals(sparkOutside - bareOutside, f.get("outside_server_overhead_ms"), 0.5, text);
        // CutMixSL with every client is one step a round: a client forward job and a client backward job
        assertEquals(2.0, f.get("client_jobs_per_round"), 1e-9, text);
        double floor = f.get("spark_job_floor_ms");
        assertTrue(floor > 0, text);
        assertEquals(bare / (bare + 2 * floor), f.get("spark_vs_bare_ceiling"), 0.002, text);
        double[] byRepeat = text.lines().filter(l -> l.startsWith("spark_vs_bare_by_repeat=")).findFirst()
                .map(l -> Arrays.stream(l.substring(l.indexOf('=') + 1).split(",")).mapToDouble(Double::parseDouble)
                        .toArray()).orElseThrow(() -> new AssertionError(text));
        assertEquals(2, byRepeat.length, text);
        double low = Math.min(byRepeat[0], byRepeat[1]);
        double high = Math.max(byRepeat[0], byRepeat[1]);
        assertTrue(f.get("spark_vs_bare") >= low - 0.002 && f.get("spark_vs_bare") <= high + 0.002, text);
        assertTrue(text.contains("rounds_measured=2 warmup_rounds=1 repeats=2 clients=4 batch=8 method=cutmixsl"), text);
    }
}
