package org.cutmixsl.spark.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.cli.Subcommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bench model|profile|spark|scale [options]}: runs one benchmark's main class in this JVM. {@code model} is
 * the model module's {@code ModelBench} (codec and mixer with JMH, then the bare loop and plain centralized
 * training); {@code profile} is its {@code ServerStepProfile} (libtorch's operator profile of the server step);
 * {@code spark} is {@code SparkBench} (the Spark job against the bare loop); {@code scale} is {@code ScaleBench}
 * (the job's cost per client at 10, 100 and 1,000 clients per round); looked up by name so that a build without one
 * says so instead of failing to link.
 */
@Command(name = "bench", customSynopsis = BenchCommand.SYNOPSIS, description = {
    "  model   codec and mixer throughput against System.arraycopy (JMH), then the bare loop's images/s",
    "  profile where the server step's time goes: libtorch's operator profile, copies, matrix-product FLOPs",
    "  spark   the Spark job's training images/s against the bare loop's, same data and clients",
    "  scale   the Spark job's ms per client and round at 10, 100 and 1,000 clients per round, driver peak memory"})
public final class BenchCommand extends Subcommand {

    /** Benchmark name to main class. */
    static final Map<String, String> BENCHMARKS = new TreeMap<>(Map.of(
            "model", "org.cutmixsl.model.bench.ModelBench",
            "profile", "org.cutmixsl.model.bench.ServerStepProfile",
            "spark", "org.cutmixsl.spark.cli.SparkBench",
            "scale", "org.cutmixsl.spark.cli.ScaleBench"));

    static final String SYNOPSIS = "bench model|profile|spark|scale [options of that benchmark]";

    /** Usage text. */
    public static final String USAGE = "usage: " + SYNOPSIS;

    private final Map<String, String> benchmarks;

    @Parameters(index = "0", paramLabel = "model|profile|spark|scale", description = "the benchmark")
    String name;

    @Parameters(index = "1..*", paramLabel = "OPTION", description = "its options, passed on unchanged")
    List<String> options = new ArrayList<>();

    /** The benchmarks of this build. */
    public BenchCommand() {
        this(BENCHMARKS);
    }

    /** @param benchmarks benchmark name to main class (tests give their own) */
    BenchCommand(Map<String, String> benchmarks) {
        this.benchmarks = benchmarks;
    }

    /** @param args the benchmark's name, then its options */
    public static void main(String[] args) {
        int code = execute(new BenchCommand(), args, System.out, System.err);
        if (code != ExitCodes.OK) {
            System.exit(code);
        }
    }

    @Override
    protected void configure(CommandLine line) {
        line.setStopAtPositional(true); // everything after the name is the benchmark's
    }

    @Override
    public Integer call() throws Exception {
        String className = benchmarks.get(name);
        if (className == null) {
            throw new IllegalArgumentException("bench " + name + ": unknown benchmark; expected one of "
                    + benchmarks.keySet());
        }
        Method main;
        try {
            main = Class.forName(className).getMethod("main", String[].class);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("bench " + name + ": " + className + " is not in this build (the"
                    + " benchmark has not been written yet, or the jars are older than it: rebuild with"
                    + " CUTMIXSL_REBUILD=1)");
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("bench " + name + ": " + className + " has no main(String[])");
        }
        if (!Modifier.isStatic(main.getModifiers())) {
            throw new IllegalArgumentException("bench " + name + ": " + className + ".main is not static");
        }
        try {
            main.invoke(null, (Object) options.toArray(new String[0]));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
        return ExitCodes.OK;
    }
}
