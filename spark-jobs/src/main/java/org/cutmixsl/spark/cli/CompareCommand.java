package org.cutmixsl.spark.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.job.DataProblem;
import org.cutmixsl.spark.job.Training;
import org.cutmixsl.spark.method.SplitMethods;
import org.cutmixsl.spark.round.RoundMetrics;
import org.cutmixsl.spark.run.RunDirectory;

/**
 * {@code compare --config FILE --out DIR [--set key=value ...] [--methods a,b,...]}: runs every split method
 * with one configuration (same data, clients, rounds, batch size and seed) as run directories DIR/&lt;method&gt;,
 * skipping those already finished and resuming those interrupted, then writes DIR/comparison.csv and prints the
 * table. Exits non-zero when any method failed.
 */
public final class CompareCommand {

    private CompareCommand() {}

    /** @param args see the class comment */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String config = null;
        String dir = null;
        List<String> overrides = new ArrayList<>();
        List<String> methods = new ArrayList<>(SplitMethods.NAMES);
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--config" -> config = args[++i];
                    case "--out" -> dir = args[++i];
                    case "--set" -> overrides.add(args[++i]);
                    case "--methods" -> methods = List.of(args[++i].split(","));
                    case "-h", "--help" -> {
                        out.println("usage: compare --config FILE --out DIR [--set key=value ...] [--methods a,b,...]");
                        return ExitCodes.OK;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (dir == null) {
                throw new IllegalArgumentException("--out DIR is required");
            }
            for (String m : methods) {
                SplitMethods.validateName(m);
            }
            ConfigLoader.load(config, overrides); // every key checked before any Spark job
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_CONFIG;
        }
        SparkSession spark = SparkSessions.create("CutMixSL compare");
        List<String> rows = new ArrayList<>();
        int failed = 0;
        try {
            for (String method : methods) {
                List<String> withMethod = new ArrayList<>(overrides);
                withMethod.add("method=" + method);
                TrainConfig c = ConfigLoader.load(config, withMethod);
                String runDir = Paths.get(dir, method).toString();
                RunDirectory run = new RunDirectory(runDir, spark.sparkContext().hadoopConfiguration());
                out.println("== " + method + " -> " + run.display());
                try {
                    List<RoundMetrics> metrics;
                    if (run.isComplete()) {
                        out.println("   finished earlier: kept");
                        metrics = readMetrics(run);
                    } else {
                        metrics = Training.run(spark, c, runDir, true, false, out).metrics();
                    }
                    rows.add(row(c, metrics));
                } catch (DataProblem | IllegalArgumentException e) {
                    err.println("error: " + method + ": " + e.getMessage());
                    return e instanceof DataProblem ? ExitCodes.BAD_DATA : ExitCodes.BAD_CONFIG;
                } catch (RuntimeException e) {
                    err.println("error: " + method + " failed: " + e);
                    e.printStackTrace(err);
                    failed++;
                }
            }
            String csv = HEADER + "\n" + String.join("\n", rows) + "\n";
            Files.createDirectories(Paths.get(dir));
            Files.writeString(Path.of(dir, "comparison.csv"), csv);
            out.println();
            printTable(out, rows);
            out.println(Path.of(dir, "comparison.csv"));
        } catch (java.io.IOException e) {
            err.println("error: cannot write " + dir + "/comparison.csv: " + e.getMessage());
            return ExitCodes.TRAINING_FAILED;
        } finally {
            spark.stop();
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.TRAINING_FAILED;
    }

    static final String HEADER = "method,rounds,test_accuracy,test_accuracy_std,up_mb_per_client_round,"
            + "down_mb_per_client_round,sync_mb_total,comm_mb_total,seconds_per_round,server_steps_per_round";

    private static String row(TrainConfig c, List<RoundMetrics> metrics) {
        RoundMetrics last = metrics.get(metrics.size() - 1);
        double perClientRound = (double) metrics.size() * c.clientsPerRound;
        double seconds = 0;
        for (RoundMetrics m : metrics) {
            seconds += m.trainingSeconds();
        }
        int[] unitWeights = new int[c.clientCount];
        java.util.Arrays.fill(unitWeights, 1);
        int serverSteps = SplitMethods.create(c, unitWeights).serverStepsPerRound(c.clientsPerRound);
        return String.format(Locale.ROOT, "%s,%d,%.4f,%.4f,%.4f,%.4f,%.3f,%.3f,%.3f,%d", c.method, metrics.size(),
                last.testAccuracy(), last.testAccuracyStd(), last.bytesUpTotal() / 1e6 / perClientRound,
                last.bytesDownTotal() / 1e6 / perClientRound, last.bytesSyncTotal() / 1e6,
                (last.bytesUpTotal() + last.bytesDownTotal() + last.bytesSyncTotal()) / 1e6, seconds / metrics.size(),
                serverSteps);
    }

    private static List<RoundMetrics> readMetrics(RunDirectory run) {
        List<RoundMetrics> metrics = new ArrayList<>();
        String[] lines = run.readText("metrics.csv").split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                metrics.add(RoundMetrics.fromCsv(lines[i]));
            }
        }
        return metrics;
    }

    private static void printTable(PrintStream out, List<String> rows) {
        out.println(String.format(Locale.ROOT, "%-12s %6s %9s %7s %10s %10s %9s %10s %8s %6s", "method", "rounds",
                "accuracy", "± std", "up MB/c/r", "dn MB/c/r", "sync MB", "total MB", "s/round", "steps"));
        for (String r : rows) {
            String[] f = r.split(",");
            out.println(String.format(Locale.ROOT, "%-12s %6s %8.2f%% %7.2f %10.4f %10.4f %9.2f %10.2f %8.3f %6s", f[0],
                    f[1], 100 * Double.parseDouble(f[2]), 100 * Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                    Double.parseDouble(f[8]), f[9]));
        }
    }
}
