package org.cutmixsl.spark.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.data.shares.ShareScheme;
import org.cutmixsl.data.prepare.DatasetPreparer;
import org.cutmixsl.data.prepare.PrepareOptions;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.job.DataProblem;
import org.cutmixsl.spark.job.DatasetResolver;
import org.cutmixsl.spark.attack.ReconstructionAttack;
import org.cutmixsl.spark.run.RunDirectory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/cutmixsl pipeline --config FILE --out DIR [--set key=value ...] [--cluster | --master URL]}: the
 * scheduled run. Under the output folder's lock ({@link PipelineLock}), four steps, each a
 * {@code bin/cutmixsl} command in a process of its own and each idempotent, so that running the pipeline
 * again after any failure continues where it stopped:
 * <ol>
 *   <li>prepare: skipped when data.dir holds the dataset its manifest says these settings and sources make;</li>
 *   <li>train into {@code DIR/run}: skipped when the run is finished ({@code _SUCCESS}), resumed from its
 *       last checkpoint when it is unfinished; in local mode, or on a cluster through {@code submit};</li>
 *   <li>attack ({@code DIR/run/attack}): skipped when its summary exists or the dataset has no server holdout;</li>
 *   <li>report ({@code DIR/run/report.html}): skipped when it exists.</li>
 * </ol>
 * Exit codes: those of {@link ExitCodes} (a failed step's own code; {@link ExitCodes#LOCKED} when another
 * pipeline holds the folder).
 */
@Command(name = "pipeline", customSynopsis = PipelineCommand.SYNOPSIS, description = {
    "Runs prepare, train, attack and report on one configuration, each skipped when its result is already",
    "there, under a lock in DIR (a second pipeline on the same DIR exits with code 5 and names the holder)."})
public final class PipelineCommand extends Subcommand {

    static final String SYNOPSIS = "cutmixsl pipeline --config FILE --out DIR [--set key=value ...] [--cluster | --master"
            + " URL]";

    @Option(names = "--config", paramLabel = "FILE",
            description = "the training configuration (as for train); data.* says what prepare makes")
    String config;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "the pipeline's folder (a local path or a Hadoop URI): DIR/run (the run, its attack/ and"
                    + " report.html), DIR/_LOCK")
    String folder;

    @Option(names = "--set", paramLabel = "k=v", description = "a configuration override, passed to every step")
    List<String> overrides = new ArrayList<>();

    @ArgGroup(exclusive = true)
    Where where = new Where();

    /** Where training runs: local mode unless one of these says otherwise. */
    static final class Where {
        @Option(names = "--cluster", description = "train on the running local cluster (bin/cutmixsl submit);"
                + " default: local mode")
        boolean cluster;

        @Option(names = "--master", paramLabel = "URL",
                description = "train on this Spark master (bin/cutmixsl submit --master URL)")
        String master;
    }

    /**
     * @param args see {@code pipeline --help}
     */
    public static void main(String[] args) {
        exit(new PipelineCommand(), args);
    }

    @Override
    public Integer call() {
        if (folder.endsWith("/")) {
            folder = folder.substring(0, folder.length() - 1);
        }
        TrainConfig loaded = ConfigLoader.load(config, overrides);
        Path launcher = Paths.get(System.getProperty("cutmixsl.home", System.getenv().getOrDefault("CUTMIXSL_HOME", ".")),
                "bin", "cutmixsl");
        PipelineLock lock = PipelineLock.acquire(folder, Location.settings(), err);
        Steps steps = new Steps(launcher, this, loaded, out, err);
        Thread releaseOnSignal = new Thread(() -> {
            steps.stopChild();
            lock.close();
        }, "pipeline-lock-release");
        Runtime.getRuntime().addShutdownHook(releaseOnSignal);
        try {
            err.println("pipeline: holding " + lock.display() + " (pid " + ProcessHandle.current().pid() + ")");
            int code = steps.runAll();
            err.println(code == ExitCodes.OK ? "pipeline: done: " + steps.summary()
                    : "pipeline: stopped (exit " + code + ") after: " + steps.summary() + "; run it again to continue");
            return code;
        } finally {
            lock.close();
            try {
                Runtime.getRuntime().removeShutdownHook(releaseOnSignal);
            } catch (IllegalStateException shuttingDown) {
                // a signal ended us: the hook itself stops the step and releases the lock
            }
        }
    }

    /** The four steps and what became of each. */
    static final class Steps {
        private final Path launcher;
        private final PipelineCommand arguments;
        private final TrainConfig config;
        private final PrintStream out;
        private final PrintStream err;
        private final List<String> outcomes = new ArrayList<>();
        private volatile Process child;

        Steps(Path launcher, PipelineCommand arguments, TrainConfig config, PrintStream out, PrintStream err) {
            this.launcher = launcher;
            this.arguments = arguments;
            this.config = config;
            this.out = out;
            this.err = err;
        }

        int runAll() {
            int code = prepare();
            if (code == ExitCodes.OK) {
                code = train();
            }
            if (code == ExitCodes.OK) {
                code = attack();
            }
            if (code == ExitCodes.OK) {
                code = report();
            }
            return code;
        }

        String summary() {
            return String.join(", ", outcomes);
        }

        private int prepare() {
            Location dir;
            PrepareOptions options;
            try {
                dir = DatasetResolver.dataDir(config);
            } catch (DataProblem e) {
                err.println("error: " + e.getMessage());
                return ExitCodes.BAD_DATA;
            }
            try {
                options = DatasetResolver.prepareOptions(config);
            } catch (DataProblem e) {
                if (dir.resolve(PreparedDataset.MANIFEST).exists()) {
                    // No sources to compare with: train uses the prepared dataset as it is (and checks its shape).
                    return skipped("prepare", dir + " is prepared; its sources cannot be checked (" + e.getMessage() + ")");
                }
                err.println("error: " + e.getMessage());
                return ExitCodes.BAD_DATA;
            }
            try {
                if (DatasetPreparer.isPrepared(options)) {
                    return skipped("prepare", dir + " matches its manifest (same settings and source files)");
                }
            } catch (RuntimeException e) {
                err.println("error: checking " + dir + ": " + e.getMessage());
                return ExitCodes.BAD_DATA;
            }
            List<String> command = new ArrayList<>(List.of("prepare", "--dataset", options.dataset().cliName(),
                    "--source", options.source().toString(), "--clients", Integer.toString(options.clients()),
                    "--shares", options.shares().cliName()));
            if (options.shares() == ShareScheme.DIRICHLET) {
                command.addAll(List.of("--beta", Double.toString(options.beta())));
            }
            if (options.shares() == ShareScheme.SHARDS) {
                command.addAll(List.of("--shards-per-client", Integer.toString(options.shardsPerClient())));
            }
            command.addAll(List.of("--min-samples", Integer.toString(options.minSamples()), "--server-holdout",
                    Integer.toString(options.serverHoldout()), "--seed", Long.toString(options.seed()),
                    "--out", dir.toString()));
            return step("prepare", "prepared " + dir, command);
        }

        private int train() {
            String runDir = arguments.folder + "/run";
            RunDirectory run = new RunDirectory(runDir, Location.settings());
            if (run.isComplete()) {
                return skipped("train", run.display() + " is finished (" + RunDirectory.SUCCESS + ")");
            }
            boolean resume = run.hasContent();
            List<String> command = new ArrayList<>();
            if (arguments.where.master != null || arguments.where.cluster) {
                command.add("submit");
                if (arguments.where.master != null) {
                    command.addAll(List.of("--master", arguments.where.master));
                }
            } else {
                command.add("train");
            }
            if (arguments.config != null) {
                command.addAll(List.of("--config", arguments.config));
            }
            command.addAll(List.of("--out", runDir));
            for (String override : arguments.overrides) {
                command.addAll(List.of("--set", override));
            }
            if (resume) {
                command.add("--resume");
            }
            return step(resume ? "train (resumed)" : "train", "finished " + run.display(), command);
        }

        /**
         * The reconstruction attack on the finished run (its results in DIR/run/attack): skipped when its summary
         * exists, or when the dataset has no server holdout (the attacker's training images).
         */
        private int attack() {
            String runDir = arguments.folder + "/run";
            RunDirectory run = new RunDirectory(runDir, Location.settings());
            if (run.exists(ReconstructionAttack.SUMMARY_JSON)) {
                return skipped("attack", run.display() + "/" + ReconstructionAttack.SUMMARY_JSON + " exists");
            }
            PreparedDataset dataset = PreparedDataset.open(DatasetResolver.dataDir(config).toString());
            if (dataset.holdoutRows() == 0) {
                return skipped("attack", "the dataset " + dataset.root() + " has no server holdout for the attacker"
                        + " (set data.serverHoldout > 0 and use another data.dir to attack)");
            }
            return step("attack", "wrote " + run.display() + "/attack", List.of("attack", "--run", runDir));
        }

        /** The run's report (DIR/run/report.html, written after its plots): skipped when it exists. */
        private int report() {
            String runDir = arguments.folder + "/run";
            RunDirectory run = new RunDirectory(runDir, Location.settings());
            if (run.exists("report.html")) {
                return skipped("report", run.display() + "/report.html exists");
            }
            return step("report", "wrote " + run.display() + "/report.html", List.of("report", "--run", runDir));
        }

        private int skipped(String name, String why) {
            err.println("pipeline: " + name + ": skipped: " + why);
            outcomes.add(name + " skipped");
            return ExitCodes.OK;
        }

        private int step(String name, String done, List<String> args) {
            List<String> command = new ArrayList<>();
            command.add(launcher.toString());
            command.addAll(args);
            err.println("pipeline: " + name + ": " + String.join(" ", command));
            int code = launch(command);
            if (code == ExitCodes.OK) {
                err.println("pipeline: " + name + ": " + done);
                outcomes.add(name + " done");
            } else {
                err.println("pipeline: " + name + ": failed with exit code " + code);
                outcomes.add(name + " failed");
            }
            return code;
        }

        /** Runs a step with this process's standard output and error. */
        private int launch(List<String> command) {
            try {
                Process p = new ProcessBuilder(command).inheritIO().start();
                child = p;
                int code = p.waitFor();
                child = null;
                return code;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + command.get(0), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.TRAINING_FAILED;
            }
        }

        /** On SIGTERM: the running step is stopped too (SIGTERM, then SIGKILL after 30 s). */
        void stopChild() {
            Process p = child;
            if (p != null && p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                try {
                    if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
