package org.cutmixsl.spark.cli;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.job.DataProblem;
import org.cutmixsl.spark.job.Training;

/**
 * The training job: {@code spark-submit --class org.cutmixsl.spark.cli.TrainJob APP.jar --config FILE
 * --out RUN_DIR [--set key=value ...] [--resume] [--overwrite]}. Prints one line per round and a summary,
 * then the run directory as the last line of standard output. Exits with a code per cause
 * ({@link ExitCodes}), which reaches the caller of spark-submit.
 */
public final class TrainJob {

    private TrainJob() {}

    /**
     * @param args see {@link JobArguments}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args the command line
     * @param out round lines, summary and the run directory
     * @param err error messages
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        JobArguments arguments;
        TrainConfig config;
        try {
            arguments = JobArguments.parse(args);
            if (arguments.help()) {
                out.println(JobArguments.USAGE);
                return ExitCodes.OK;
            }
            config = ConfigLoader.load(arguments.config(), arguments.overrides());
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_CONFIG;
        }
        SparkSession spark = SparkSessions.create("CutMixSL " + config.method, arguments.out());
        String runDirectory;
        try {
            if (spark.sparkContext().uiWebUrl().isDefined()) {
                err.println("Spark UI: " + spark.sparkContext().uiWebUrl().get());
            }
            runDirectory = Training.run(spark, config, arguments.out(), arguments.resume(), arguments.overwrite(), out)
                    .runDirectory();
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_CONFIG;
        } catch (DataProblem e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_DATA;
        } catch (RuntimeException | Error e) {
            err.println("error: training failed: " + e);
            e.printStackTrace(err);
            return ExitCodes.TRAINING_FAILED;
        } finally {
            spark.stop();
        }
        out.println(runDirectory);
        out.flush();
        return ExitCodes.OK;
    }
}
