package org.cutmixsl.spark.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.spark.study.Study;
import org.cutmixsl.spark.study.StudyConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code study --config FILE --out STUDY_DIR [--seeds S] [--tune] [--set key=value ...] [--plan]}: runs the sweep a
 * study file describes ({@link Study}), over seeds 1..S with {@code --seeds}, choosing each cell's lr and warm-up on
 * validation accuracy first with {@code --tune};
 * launching it again keeps finished runs and resumes interrupted ones. Exits non-zero when any run failed (the
 * results table still covers the runs that finished). {@code --plan} checks the file and prints the runs and their
 * data folders without running anything.
 */
@Command(name = "study", customSynopsis = StudyCommand.SYNOPSIS,
        description = "Runs the sweep a study file describes (methods x regimes x clients x shares x seeds); launched"
                + " again, it keeps finished runs and resumes interrupted ones.")
public final class StudyCommand extends Subcommand {

    static final String SYNOPSIS = "study --config FILE --out STUDY_DIR [--seeds S] [--tune] [--set key=value ...]"
            + " [--plan]";

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "the study file")
    String config;

    @Option(names = "--out", paramLabel = "STUDY_DIR", required = true,
            description = "the study's folder, a local path or a Hadoop URI (hdfs://, s3a://)")
    String dir;

    @Option(names = "--seeds", paramLabel = "S", converter = CompareCommand.SeedCount.class,
            description = "seeds 1..S (default: the study file's)")
    Integer seeds;

    @Option(names = "--tune", description = "choose each cell's lr and warm-up on validation accuracy first")
    boolean tune;

    @Option(names = "--set", paramLabel = "key=value", description = "a configuration override, in order")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--plan", description = "check the file and print the runs and their data folders; run nothing")
    boolean plan;

    /** @param args see the class comment */
    public static void main(String[] args) {
        exit(new StudyCommand(), args);
    }

    @Override
    public Integer call() {
        StudyConfig study = StudyConfig.load(config, seeds, tune, overrides); // every run checked before any Spark job
        if (!plan) {
            return execute(study, dir, "study", out, err);
        }
        String root = study.dataDir.isBlank() ? Location.of(dir).resolve("data").toString() : study.dataDir;
        for (StudyConfig.PlannedRun r : study.plan(root)) {
            out.println(r.id() + "  " + r.config().data.dir);
        }
        out.println(study.plan(root).size() + " runs" + (study.tune ? String.format(Locale.ROOT,
                " (the grid at seed %d); then %d more: seeds %s of each of the %d cells at its chosen point",
                study.seeds.get(0), (study.seeds.size() - 1) * study.cells().size(),
                study.seeds.subList(1, study.seeds.size()), study.cells().size()) : "")
                + (study.tune && !study.lrLadder.isEmpty() ? "; and a cell's grid widens along study.tune.widenLr ["
                        + String.join(", ", study.lrLadder.stream().map(StudyConfig::trim).toList())
                        + "] while its best lr is at an edge of the lrs tried" : ""));
        return ExitCodes.OK;
    }

    /**
     * Runs a study (or a compare, which is one) in a session of its own.
     *
     * @param study the study
     * @param dir its folder
     * @param command the command's name, for messages
     * @param out progress lines
     * @param err failures
     * @return 0, or {@link ExitCodes#TRAINING_FAILED} when a run failed
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
        } finally {
            spark.stop();
        }
    }
}
