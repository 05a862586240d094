package org.cutmixsl.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cutmixsl.common.cli.Subcommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench profile on a small server step: its figures, its operator lines and the kept trace. */
class ServerStepProfilePrintsWhereTheStepGoes {

    @TempDir
    Path dir;

    @Test
    void printsTheStepsFiguresAndItsOperators() throws Exception {
        Path trace = dir.resolve("step.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Subcommand.execute(new ServerStepProfile(), new String[] {"--samples", "12", "--micro-batch", "8",
            "--warmup", "1", "--steps", "2", "--threads", "1", "--top", "0", "--trace", trace.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        Map<String, String> figures = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("op ") && !line.startsWith("#")) {
                figures.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        for (String key : List.of("step_ms", "native_ops_ms", "host_to_native_ms", "native_to_host_ms",
                "matmul_gflop_per_step", "reference_mm_gflops")) {
            assertTrue(Double.parseDouble(figures.get(key)) > 0, key + " in\n" + text);
        }
        // fmnist-tiny, 12 samples of 49 tokens: the body's forward products alone are 6 blocks' qkv, projection
        // and MLP (2·n·D·(3D + D + 2·2D)·blocks) plus attention; the step counts forward and backward.
        double forwardLinear = 2.0 * 12 * 49 * 64 * (3 * 64 + 64 + 2 * 2 * 64) * 6;
        double gflop = Double.parseDouble(figures.get("matmul_gflop_per_step"));
        assertTrue(gflop * 1e9 > 2 * forwardLinear, gflop + " GFLOP per step in\n" + text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("op aten::")), text);
        assertTrue(Files.size(trace) > 0, "the trace is kept");
    }

    @Test
    void aBadOptionIsRefusedNamingIt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Subcommand.execute(new ServerStepProfile(), new String[] {"--samples", "0"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--samples 0: expected a positive integer"), err.toString());
    }
}
