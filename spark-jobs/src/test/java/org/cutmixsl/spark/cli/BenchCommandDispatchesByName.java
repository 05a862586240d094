package org.cutmixsl.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.cutmixsl.common.cli.Subcommand;
import org.junit.jupiter.api.Test;

/** {@code bench NAME}: runs that benchmark's main with the remaining arguments, or says clearly why it cannot. */
class BenchCommandDispatchesByName {

    static String[] received;

    /** A benchmark that records its arguments. */
    public static final class Recorder {
        public static void main(String[] args) {
            received = args;
        }
    }

    private static String[] run(Map<String, String> benchmarks, String... args) throws Throwable {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = Subcommand.execute(new BenchCommand(benchmarks), args, errors, errors);
        return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void runsTheNamedBenchmarkWithTheRestOfTheArguments() throws Throwable {
        String[] r = run(Map.of("rec", Recorder.class.getName()), "rec", "--verbose", "3");
        assertEquals("0", r[0], r[1]);
        assertEquals(2, received.length);
        assertEquals("--verbose", received[0]);
        assertEquals("3", received[1]);
    }

    @Test
    void aBenchmarkMissingFromTheBuildIsNamed() throws Throwable {
        String[] r = run(Map.of("spark", "org.cutmixsl.spark.cli.NoSuchBench"), "spark");
        assertEquals("2", r[0]);
        assertEquals("error: bench spark: org.cutmixsl.spark.cli.NoSuchBench is not in this build (the benchmark has not"
                + " been written yet, or the jars are older than it: rebuild with CUTMIXSL_REBUILD=1)\n", r[1]);
    }

    @Test
    void anUnknownBenchmarkListsTheKnownOnes() throws Throwable {
        String[] r = run(BenchCommand.BENCHMARKS, "modle");
        assertEquals("2", r[0]);
        assertEquals("error: bench modle: unknown benchmark; expected one of [model, profile, scale, spark]\n", r[1]);
    }

    @Test
    void everyBenchmarkIsKnown() {
        assertEquals("org.cutmixsl.model.bench.ModelBench", BenchCommand.BENCHMARKS.get("model"));
        assertEquals("org.cutmixsl.spark.cli.SparkBench", BenchCommand.BENCHMARKS.get("spark"));
        assertEquals("org.cutmixsl.spark.cli.ScaleBench", BenchCommand.BENCHMARKS.get("scale"));
        assertTrue(BenchCommand.USAGE.contains("model|profile|spark|scale"));
    }
}
