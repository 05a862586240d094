package org.cutmixsl.data.prepare;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.data.dataset.InvalidDatasetException;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.data.shares.ShareScheme;
import org.cutmixsl.data.source.InvalidSourceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of {@code bin/cutmixsl prepare}. A user's mistake (bad option, bad source file, impossible split,
 * output that may not be replaced) ends with one line on stderr and exit code 2, no stack trace; anything else is
 * a bug and ends with its stack trace and exit code 4 ({@link ExitCodes}).
 */
@Command(name = "prepare", customSynopsis = PrepareCommand.SYNOPSIS, description = {"",
    "Reads a dataset, splits its training samples among N clients and writes Parquet, a per-client class",
    "histogram (share-stats.csv, share-heatmap.png) and manifest.json into DIR.", ""})
public final class PrepareCommand extends Subcommand {

    /** Exit code of a user's mistake. */
    static final int USER_ERROR = ExitCodes.BAD_CONFIG;

    static final String SYNOPSIS = "cutmixsl prepare --dataset fashion-mnist|mnist|cifar10 [--source DIR] --clients N%n"
            + "                        --shares iid|dirichlet|shards [--beta B] [--shards-per-client K]%n"
            + "                        [--min-samples M] [--server-holdout H] [--validation V] --seed S --out DIR%n"
            + "                        [--overwrite]";

    /** The option's name before it became {@code --shares}; given, it fails with a message naming the new one. */
    static final String RENAMED_PARTITION = "--partition";

    // Numbers are taken as text and read in call(), so that a bad one is named as PrepareOptions names the others.
    @Option(names = "--dataset", paramLabel = "NAME", description = "fashion-mnist, mnist or cifar10")
    String dataset;

    @Option(names = "--source", paramLabel = "DIR", description = {"directory of the source files; default for"
            + " fashion-mnist:", "/usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist)"})
    Path source;

    @Option(names = "--clients", paramLabel = "N", description = "number of clients, at least 1")
    String clients;

    @Option(names = "--shares", paramLabel = "SCHEME", description = {"iid (equal random shares), dirichlet (label"
            + " proportions per client drawn", "from Dirichlet(beta)), shards (label-sorted shards, k per client)"})
    String shares;

    @Option(names = "--beta", paramLabel = "B", description = "Dirichlet concentration, > 0; smaller is more skewed"
            + " (default " + PrepareOptions.DEFAULT_BETA + ")")
    String beta;

    @Option(names = "--shards-per-client", paramLabel = "K",
            description = "shards per client (default " + PrepareOptions.DEFAULT_SHARDS_PER_CLIENT + ")")
    String shardsPerClient;

    @Option(names = "--min-samples", paramLabel = "M",
            description = "samples every client gets at least (default " + PrepareOptions.DEFAULT_MIN_SAMPLES + ")")
    String minSamples;

    @Option(names = "--server-holdout", paramLabel = "H",
            description = "training samples set aside for the server, stratified by label (default 0)")
    String serverHoldout;

    @Option(names = "--validation", paramLabel = "V", description = {"training samples set aside as the validation"
            + " split (validation/), stratified", "by label, held by no client, disjoint from the holdout (default 0)"})
    String validation;

    @Option(names = "--seed", paramLabel = "S", description = "seed of every random choice; the same seed gives the"
            + " same split")
    String seed;

    @Option(names = "--out", paramLabel = "DIR", description = {"output directory, a local path or a Hadoop URI"
            + " (hdfs://, s3a://); written", "to a temporary sibling, renamed when complete"})
    String dir;

    @Option(names = "--overwrite", description = {"replace an existing dataset in DIR (without it, DIR is never"
            + " replaced;", "one prepared with the same options and sources is kept as it is)"})
    boolean overwrite;

    @Option(names = RENAMED_PARTITION, hidden = true)
    String partition;

    /**
     * Runs the command and exits the JVM with its exit code.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        exit(new PrepareCommand(), args);
    }

    /**
     * Runs the command. Uses the JVM's active SparkSession if there is one (and leaves it running), else starts one
     * ({@code spark.master} from the system properties, {@code local[*]} if unset) and stops it at the end.
     */
    @Override
    public Integer call() {
        PrepareOptions options = options();
        boolean ours = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = null;
        try {
            SparkSession.Builder builder = SparkSession.builder().appName("cutmixsl prepare");
            if (System.getProperty("spark.master") == null) {
                builder.master("local[*]");
            }
            spark = builder.getOrCreate();
            printSummary(DatasetPreparer.prepare(spark, options), out);
            return ExitCodes.OK;
        } catch (InvalidSourceException | InvalidDatasetException e) {
            // The files --source or --out name: here the user's to fix, like an option.
            throw new IllegalArgumentException(e.getMessage(), e);
        } finally {
            if (ours && spark != null) {
                spark.stop();
            }
        }
    }

    /**
     * @return the checked options
     * @throws IllegalArgumentException naming the option at fault
     */
    PrepareOptions options() {
        if (partition != null) {
            throw new IllegalArgumentException(RENAMED_PARTITION + " was renamed --shares (the same values: "
                    + ShareScheme.names() + ")");
        }
        PrepareOptions.Builder b = PrepareOptions.builder().overwrite(overwrite);
        given(dataset, b::dataset);
        given(source, b::source);
        given(clients, v -> b.clients(integer("--clients", v)));
        given(shares, b::shares);
        given(beta, v -> b.beta(decimal("--beta", v)));
        given(shardsPerClient, v -> b.shardsPerClient(integer("--shards-per-client", v)));
        given(minSamples, v -> b.minSamples(integer("--min-samples", v)));
        given(serverHoldout, v -> b.serverHoldout(integer("--server-holdout", v)));
        given(validation, v -> b.validation(integer("--validation", v)));
        given(seed, v -> b.seed(longInteger("--seed", v)));
        given(dir, b::out);
        return b.build();
    }

    /** Passes an option's value on when it was given; PrepareOptions knows the defaults of the others. */
    private static <T> void given(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
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
