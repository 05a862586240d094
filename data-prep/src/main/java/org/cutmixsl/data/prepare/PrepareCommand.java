package org.cutmixsl.data.prepare;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.data.dataset.InvalidDatasetException;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.data.shares.ShareScheme;
import org.cutmixsl.data.source.InvalidSourceException;

/**
 * Command line of {@code bin/cutmixsl prepare}. A user's mistake (bad option, bad source file, impossible split,
 * output that may not be replaced) ends with one line on stderr and exit code 2, no stack trace; anything else is
 * a bug and ends with its stack trace and exit code 1.
 */
public final class PrepareCommand {

    /** Exit code of a successful run. */
    public static final int OK = 0;
    /** Exit code of an unexpected failure. */
    public static final int FAILED = 1;
    /** Exit code of a user's mistake. */
    public static final int USER_ERROR = 2;

    static final String USAGE = String.join("\n",
            "usage: cutmixsl prepare --dataset fashion-mnist|mnist|cifar10 [--source DIR] --clients N",
            "                        --shares iid|dirichlet|shards [--beta B] [--shards-per-client K]",
            "                        [--min-samples M] [--server-holdout H] [--validation V] --seed S --out DIR",
            "                        [--overwrite]",
            "",
            "Reads a dataset, splits its training samples among N clients and writes Parquet, a per-client class",
            "histogram (share-stats.csv, share-heatmap.png) and manifest.json into DIR.",
            "",
            "  --dataset NAME           fashion-mnist, mnist or cifar10",
            "  --source DIR             directory of the source files; default for fashion-mnist:",
            "                           /usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist)",
            "  --clients N              number of clients, at least 1",
            "  --shares SCHEME          iid (equal random shares), dirichlet (label proportions per client drawn",
            "                           from Dirichlet(beta)), shards (label-sorted shards, k per client)",
            "  --beta B                 Dirichlet concentration, > 0; smaller is more skewed (default "
                    + PrepareOptions.DEFAULT_BETA + ")",
            "  --shards-per-client K    shards per client (default " + PrepareOptions.DEFAULT_SHARDS_PER_CLIENT + ")",
            "  --min-samples M          samples every client gets at least (default "
                    + PrepareOptions.DEFAULT_MIN_SAMPLES + ")",
            "  --server-holdout H       training samples set aside for the server, stratified by label (default 0)",
            "  --validation V           training samples set aside as the validation split (validation/), stratified",
            "                           by label, held by no client, disjoint from the holdout (default 0)",
            "  --seed S                 seed of every random choice; the same seed gives the same split",
            "  --out DIR                output directory; written to a temporary sibling, renamed when complete",
            "  --overwrite              replace an existing dataset in DIR (without it, DIR is never replaced;",
            "                           one prepared with the same options and sources is kept as it is)",
            "  --help                   this text");

    /** The option's name before it became {@code --shares}; given, it fails with a message naming the new one. */
    static final String RENAMED_PARTITION = "--partition";

    private PrepareCommand() {
    }

    /**
     * Runs the command and exits the JVM with its exit code.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command. Uses the JVM's active SparkSession if there is one (and leaves it running), else starts one
     * ({@code spark.master} from the system properties, {@code local[*]} if unset) and stops it at the end.
     *
     * @param args command-line arguments
     * @param out where the summary goes
     * @param err where errors go
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrepareOptions options;
        try {
            if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
                out.println(USAGE);
                return OK;
            }
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("cutmixsl prepare: " + e.getMessage() + " (see --help)");
            return USER_ERROR;
        }
        boolean ours = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = null;
        try {
            SparkSession.Builder builder = SparkSession.builder().appName("cutmixsl prepare");
            if (System.getProperty("spark.master") == null) {
                builder.master("local[*]");
            }
            spark = builder.getOrCreate();
            PreparedDataset prepared = DatasetPreparer.prepare(spark, options);
            printSummary(prepared, out);
            return OK;
        } catch (IllegalArgumentException | InvalidSourceException | InvalidDatasetException e) {
            err.println("cutmixsl prepare: " + e.getMessage());
            return USER_ERROR;
        } catch (Exception e) {
            // Exception, not RuntimeException: Scala code such as Spark throws checked exceptions undeclared.
            err.println("cutmixsl prepare: failed unexpectedly:");
            e.printStackTrace(err);
            return FAILED;
        } finally {
            if (ours && spark != null) {
                spark.stop();
            }
        }
    }

    /**
     * @param args command-line arguments, {@code --name value} or {@code --name=value}
     * @return the checked options
     * @throws IllegalArgumentException naming the option at fault
     */
    static PrepareOptions parse(String[] args) {
        PrepareOptions.Builder b = PrepareOptions.builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--overwrite")) {
                if (value != null) {
                    throw new IllegalArgumentException("--overwrite takes no value");
                }
                b.overwrite(true);
                continue;
            }
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            if (name.equals(RENAMED_PARTITION)) {
                throw new IllegalArgumentException(RENAMED_PARTITION + " was renamed --shares (the same values: "
                        + ShareScheme.names() + ")");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--dataset":
                    b.dataset(value);
                    break;
                case "--source":
                    b.source(Path.of(value));
                    break;
                case "--clients":
                    b.clients(integer(name, value));
                    break;
                case "--shares":
                    b.shares(value);
                    break;
                case "--beta":
                    b.beta(decimal(name, value));
                    break;
                case "--shards-per-client":
                    b.shardsPerClient(integer(name, value));
                    break;
                case "--min-samples":
                    b.minSamples(integer(name, value));
                    break;
                case "--server-holdout":
                    b.serverHoldout(integer(name, value));
                    break;
                case "--validation":
                    b.validation(integer(name, value));
                    break;
                case "--seed":
                    b.seed(longInteger(name, value));
                    break;
                case "--out":
                    b.out(Path.of(value));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + name + "'");
            }
        }
        return b.build();
    }

    private static void printSummary(PreparedDataset d, PrintStream out) {
        int[] counts = d.clientSampleCounts();
        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        out.printf("prepared %s in %s%n", d.kind().cliName(), d.root());
        out.printf("  train:   %d rows over %d clients (samples per client: min %d, median %d, max %d)%n",
                d.trainRows(), d.clients(), sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1]);
        out.printf("  test:    %d rows%n", d.testRows());
        out.printf("  holdout: %d rows%n", d.holdoutRows());
        out.printf("  validation: %d rows%n", d.validationRows());
        out.printf("  stats:   %s, %s%n", d.statsCsvPath(), d.heatmapPath());
        out.printf("  manifest sha256: %s%n", d.manifestSha256());
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be an integer, got '" + value + "'", e);
        }
    }

    private static long longInteger(String option, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be an integer, got '" + value + "'", e);
        }
    }

    private static double decimal(String option, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, got '" + value + "'", e);
        }
    }
}
