package org.cutmixsl.spark.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bench model|spark [options]}: runs one benchmark's main class in this JVM. {@code model} is the model
 * module's {@code ModelBench} (codec and mixer with JMH, then the bare loop); {@code spark} is
 * {@code org.cutmixsl.spark.cli.SparkBench} (the Spark job against the bare loop), looked up by name so that a build
 * without it says so instead of failing to link.
 */
public final class BenchCommand {

    /** Benchmark name to main class. */
    static final Map<String, String> BENCHMARKS = new TreeMap<>(Map.of(
            "model", "org.cutmixsl.model.bench.ModelBench",
            "spark", "org.cutmixsl.spark.cli.SparkBench"));

    /** Usage text. */
    public static final String USAGE = "usage: bench model|spark [options of that benchmark]";

    private BenchCommand() {}

    /** @param args the benchmark's name, then its options */
    public static void main(String[] args) throws Throwable {
        int code = run(args, System.err);
        if (code != ExitCodes.OK) {
            System.exit(code);
        }
    }

    /**
     * @param args the benchmark's name, then its options
     * @param err messages
     * @return the exit code of a benchmark that could not be started; a benchmark that ran returns normally or exits
     *     itself
     * @throws Throwable what the benchmark threw
     */
    static int run(String[] args, PrintStream err) throws Throwable {
        return run(args, err, BENCHMARKS);
    }

    /** As {@link #run(String[], PrintStream)}, with the benchmarks given (tests). */
    static int run(String[] args, PrintStream err, Map<String, String> benchmarks) throws Throwable {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            err.println(USAGE);
            err.println("  model   codec and mixer throughput against System.arraycopy (JMH), then the bare loop's images/s");
            err.println("  spark   the Spark job's training images/s against the bare loop's, same data and clients");
            return args.length == 0 ? ExitCodes.BAD_CONFIG : ExitCodes.OK;
        }
        String className = benchmarks.get(args[0]);
        if (className == null) {
            err.println("error: bench " + args[0] + ": unknown benchmark; expected one of " + benchmarks.keySet());
            return ExitCodes.BAD_CONFIG;
        }
        Method main;
        try {
            main = Class.forName(className).getMethod("main", String[].class);
        } catch (ClassNotFoundException e) {
            err.println("error: bench " + args[0] + ": " + className + " is not in this build (the benchmark has not"
                    + " been written yet, or the jars are older than it: rebuild with CUTMIXSL_REBUILD=1)");
            return ExitCodes.BAD_CONFIG;
        } catch (NoSuchMethodException e) {
            err.println("error: bench " + args[0] + ": " + className + " has no main(String[])");
            return ExitCodes.BAD_CONFIG;
        }
        if (!Modifier.isStatic(main.getModifiers())) {
            err.println("error: bench " + args[0] + ": " + className + ".main is not static");
            return ExitCodes.BAD_CONFIG;
        }
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return ExitCodes.OK;
    }
}
