package org.cutmixsl.spark.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.job.Training;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The training job: {@code spark-submit --class org.cutmixsl.spark.cli.TrainJob APP.jar --config FILE
 * --out RUN_DIR [--set key=value ...] [--resume] [--overwrite]}. Prints one line per round and a summary,
 * then the run directory as the last line of standard output. Exits with a code per cause
 * ({@link ExitCodes}), which reaches the caller of spark-submit.
 */
@Command(name = "train", customSynopsis = TrainJob.SYNOPSIS,
        description = "Trains one split method on one configuration; prints a line per round, a summary, and the run"
                + " directory as the last line.")
public final class TrainJob extends Subcommand {

    static final String SYNOPSIS = "train --config FILE --out RUN_DIR [--set key=value ...] [--resume] [--overwrite]";

    @Option(names = "--config", paramLabel = "FILE", description = "the configuration file, a local path or a Hadoop"
            + " URI (default: conf/defaults.conf alone)")
    String config;

    @Option(names = "--out", paramLabel = "RUN_DIR", required = true,
            description = "the run directory, a local path or a Hadoop URI (hdfs://, s3a://)")
    String runDirectory;

    @Option(names = "--set", paramLabel = "key=value", description = "a configuration override, in order")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--resume", description = "continue from the latest checkpoint")
    boolean resume;

    @Option(names = "--overwrite", description = "replace a finished run")
    boolean overwrite;

    /** @param args see the class comment */
    public static void main(String[] args) {
        exit(new TrainJob(), args);
    }

    @Override
    public Integer call() {
        if (resume && overwrite) {
            throw new IllegalArgumentException("--resume and --overwrite exclude each other");
        }
        TrainConfig loaded = ConfigLoader.load(config, overrides);
        SparkSession spark = SparkSessions.create("CutMixSL " + loaded.method, runDirectory);
        String written;
        try {
            if (spark.sparkContext().uiWebUrl().isDefined()) {
                err.println("Spark UI: " + spark.sparkContext().uiWebUrl().get());
            }
            written = Training.run(spark, loaded, runDirectory, resume, overwrite, out).runDirectory();
        } finally {
            spark.stop();
        }
        out.println(written);
        return ExitCodes.OK;
    }
}
