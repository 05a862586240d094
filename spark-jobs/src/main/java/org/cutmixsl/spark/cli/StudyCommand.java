package org.cutmixsl.spark.cli;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.spark.job.DataProblem;
import org.cutmixsl.spark.study.Study;
import org.cutmixsl.spark.study.StudyConfig;

/**
 * {@code study --config FILE --out STUDY_DIR [--seeds S] [--tune] [--set key=value ...] [--plan]}: runs the sweep a
 * study file describes ({@link Study}), over seeds 1..S with {@code --seeds}, choosing each cell's lr and warm-up on
 * validation accuracy first with {@code --tune};
 * launching it again keeps finished runs and resumes interrupted ones. Exits non-zero when any run failed (the
 * results table still covers the runs that finished). {@code --plan} checks the file and prints the runs and their
 * data folders without running anything.
 */
public final class StudyCommand {

    static final String USAGE = "usage: study --config FILE --out STUDY_DIR [--seeds S] [--tune] [--set key=value ...]"
            + " [--plan]";

    private StudyCommand() {}

    /** @param args see the class comment */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args the command line
     * @param out progress lines
     * @param err failures
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String config = null;
        String dir = null;
        boolean plan = false;
        Integer seeds = null;
        boolean tune = false;
        java.util.List<String> overrides = new java.util.ArrayList<>();
        StudyConfig study;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--config" -> config = value(args, ++i, "--config");
                    case "--out" -> dir = value(args, ++i, "--out");
                    case "--plan" -> plan = true;
                    case "--seeds" -> seeds = CompareCommand.count(value(args, ++i, "--seeds"));
                    case "--tune" -> tune = true;
                    case "--set" -> overrides.add(value(args, ++i, "--set"));
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return ExitCodes.OK;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + USAGE);
                }
            }
            if (config == null || dir == null) {
                throw new IllegalArgumentException("--config FILE and --out STUDY_DIR are required; " + USAGE);
            }
            study = StudyConfig.load(config, seeds, tune, overrides); // every run checked before any Spark job
            if (plan) {
                String root = study.dataDir.isBlank()
                        ? java.nio.file.Paths.get(dir, "data").toAbsolutePath().normalize().toString() : study.dataDir;
                for (StudyConfig.PlannedRun r : study.plan(root)) {
                    out.println(r.id() + "  " + r.config().data.dir);
                }
                out.println(study.plan(root).size() + " runs" + (study.tune ? String.format(java.util.Locale.ROOT,
                        " (the grid at seed %d); then %d more: seeds %s of each of the %d cells at its chosen point",
                        study.seeds.get(0), (study.seeds.size() - 1) * study.cells().size(),
                        study.seeds.subList(1, study.seeds.size()), study.cells().size()) : ""));
                return ExitCodes.OK;
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_CONFIG;
        }
        return execute(study, dir, "study", out, err);
    }

    /**
     * Runs a study (or a compare, which is one) in a session of its own and maps its outcome to an exit code.
     *
     * @param study the study
     * @param dir its folder
     * @param command the command's name, for messages
     * @param out progress lines
     * @param err failures
     * @return 0, or the exit code of the first kind of failure
     */
    static int execute(StudyConfig study, String dir, String command, PrintStream out, PrintStream err) {
        SparkSession spark = SparkSessions.create("CutMixSL " + command + " " + study.name);
        try {
            int failed = Study.run(spark, study, dir, out, err);
            if (failed > 0) {
                err.println("error: " + failed + " run(s) failed; launch " + command + " again to resume them");
                return ExitCodes.TRAINING_FAILED;
            }
            return ExitCodes.OK;
        } catch (DataProblem e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_DATA;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_CONFIG;
        } catch (RuntimeException | Error e) {
            err.println("error: the " + command + " failed: " + e);
            e.printStackTrace(err);
            return ExitCodes.TRAINING_FAILED;
        } finally {
            spark.stop();
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
        }
        return args[i];
    }
}
