package org.cutmixsl.spark.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.spark.attack.ReconstructionAttack;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.job.DatasetResolver;
import org.cutmixsl.spark.job.Provenance;
import org.cutmixsl.spark.job.TestEvaluation;
import org.cutmixsl.spark.job.Training;
import org.cutmixsl.spark.method.SplitMethod;
import org.cutmixsl.spark.method.SplitMethods;
import org.cutmixsl.spark.round.MetricsCodec;
import org.cutmixsl.spark.round.RoundMetrics;
import org.cutmixsl.spark.run.Checkpoint;
import org.cutmixsl.spark.run.RunDirectory;

/**
 * Runs a study: prepares one dataset per clients × share scheme (with a server holdout), then every planned run as
 * an ordinary run directory under STUDY_DIR/runs (kept when finished, resumed when interrupted), the attack after
 * each (skipped where its summary exists), a progress line per finished run, and at the end the combined results
 * table ({@link ResultsTable}). A tuned study goes cell by cell (grid, choice, test accuracy, other seeds) and writes
 * the tables after each cell too. A run that fails is reported and the study goes on; the failures are counted.
 */
public final class Study {

    /** The study's description next to its results (name, axes, policies), read by the report. */
    public static final String STUDY_JSON = "study.json";

    /** Where a chosen run whose final model is not kept is trained again for its test accuracy (then deleted). */
    public static final String RETRAINED = "retrained";

    private Study() {}

    /**
     * @param spark the session
     * @param study the study
     * @param out STUDY_DIR (a local path or a URI on any Hadoop file system)
     * @param console progress lines
     * @param err failures
     * @return the number of runs that failed
     */
    public static int run(SparkSession spark, StudyConfig study, String out, PrintStream console, PrintStream err) {
        Location dir = Location.of(out, spark.sparkContext().hadoopConfiguration());
        String dataRoot = study.dataDir.isBlank() ? dir.resolve("data").toString() : study.dataDir;
        List<StudyConfig.PlannedRun> first = study.plan(dataRoot);
        dir.resolve("runs").mkdirs();
        dir.resolve("logs").mkdirs();
        dir.resolve(STUDY_JSON).writeText(describe(study, first));
        Location source = Location.of(study.source);
        if (source.isFile()) {
            dir.resolve("study.conf").writeBytes(source.readBytes());
        }
        List<StudyConfig.Cell> cells = study.cells();
        console.println(String.format(Locale.ROOT, "study %s: %d cells (variants x regimes x client counts x share"
                + " schemes) x %d seeds%s in %s", study.name, cells.size(), study.seeds.size(), study.tune
                ? String.format(Locale.ROOT, ", tuned over %d grid points at seed %d", study.grid.size(),
                        study.seeds.get(0)) : "", dir));

        Set<String> prepared = new LinkedHashSet<>();
        for (StudyConfig.Cell cell : cells) {
            TrainConfig data = study.dataConfig(cell, dataRoot);
            if (prepared.add(data.data.dir)) {
                long t = System.nanoTime();
                boolean existed = Location.of(data.data.dir).resolve(PreparedDataset.MANIFEST).exists();
                DatasetResolver.resolve(spark, data);
                console.println(String.format(Locale.ROOT, "dataset %s: %s", data.data.dir,
                        existed ? "found" : String.format(Locale.ROOT, "prepared in %.0f s", (System.nanoTime() - t) / 1e9)));
            }
        }

        int planned = study.tune ? cells.size() * (study.grid.size() + study.seeds.size() - 1) : first.size();
        Runner runner = new Runner(spark, study, dir, console, err, planned);
        List<StudyConfig.PlannedRun> reported = new ArrayList<>();
        // a tuned study writes the tables after each cell; these are the last ones written, or null
        Comparison comparison = null;
        if (!study.tune) {
            runner.runAll(first, study.attack);
            reported.addAll(first);
        } else {
            // Cell by cell, so that a study stopped part-way (it runs for hours) leaves whole cells behind: each
            // cell's grid at the first seed, never reading the test split; its choice, on validation accuracy only;
            // the chosen run's test accuracy, read only now; its other seeds at the chosen point; the attack.
            Map<StudyConfig.Cell, Tuning.Choice> choices = new LinkedHashMap<>();
            for (StudyConfig.Cell cell : cells) {
                List<StudyConfig.PlannedRun> grid = new ArrayList<>();
                for (StudyConfig.GridPoint point : study.grid) {
                    grid.add(study.run(cell, study.seeds.get(0), point, dataRoot));
                }
                runner.runAll(grid, false);
                Tuning.Choice choice = Tuning.choose(grid, runner::runDirectory);
                // A best lr at the edge of the lrs tried says the best may lie beyond: widen along study.tune.widenLr.
                Set<Double> tried = new LinkedHashSet<>();
                study.grid.forEach(p -> tried.add(p.lr()));
                while (choice != null) {
                    List<Double> wider = study.widerLr(tried, choice.run().point().lr());
                    if (wider.isEmpty()) {
                        break;
                    }
                    List<StudyConfig.PlannedRun> added = new ArrayList<>();
                    for (double lr : wider) {
                        tried.add(lr);
                        for (int warmup : study.warmups()) {
                            added.add(study.run(cell, study.seeds.get(0), new StudyConfig.GridPoint(lr, warmup),
                                    dataRoot));
                        }
                    }
                    console.println(String.format(Locale.ROOT, "cell %s: its best lr so far, %s, is at the edge of"
                            + " the lrs tried: trying lr %s too", cellName(cell), choice.run().point().label(),
                            String.join(", ", wider.stream().map(StudyConfig::trim).toList())));
                    runner.plan(added.size());
                    grid.addAll(added);
                    runner.runAll(added, false);
                    choice = Tuning.choose(grid, runner::runDirectory);
                }
                if (choice == null) {
                    err.println("cell " + cellName(cell) + ": not every grid run finished, so nothing is chosen"
                            + " yet; its other seeds wait for the next launch");
                    continue;
                }
                choices.put(cell, choice);
                Tuning.write(dir.resolve(Tuning.CSV), choices);
                runner.evaluateTest(choice.run());
                List<StudyConfig.PlannedRun> rest = new ArrayList<>();
                for (long seed : study.seeds.subList(1, study.seeds.size())) {
                    rest.add(study.run(cell, seed, choice.run().point(), dataRoot));
                }
                runner.runAll(rest, false);
                List<StudyConfig.PlannedRun> all = new ArrayList<>(List.of(choice.run()));
                all.addAll(rest);
                if (study.attack) {
                    runner.runAll(all, true);
                }
                for (StudyConfig.PlannedRun r : all) {
                    RunDirectory run = runner.runDirectory(r);
                    if (run.isComplete()) {
                        Tuning.record(run, choice);
                    }
                }
                reported.addAll(all);
                // the tables so far, so that a study stopped part-way has them for its finished cells
                comparison = writeTables(spark, study, dir, finished(runner, reported));
                console.println(String.format(Locale.ROOT, "cell %s: chosen on validation: %s; %s and %s updated",
                        cellName(cell), choice.run().id(), Comparison.CSV, Comparison.HEAD_TO_HEAD_CSV));
            }
        }

        List<ResultsTable.RunInfo> finished = finished(runner, reported);
        if (!finished.isEmpty()) {
            if (!study.tune) {
                comparison = writeTables(spark, study, dir, finished);
            }
            console.println(String.format(Locale.ROOT, "results: %d of %d reported runs in %s and %s (%s)",
                    finished.size(), study.tune ? study.cells().size() * study.seeds.size() : reported.size(),
                    dir.resolve(ResultsTable.PARQUET), dir.resolve(ResultsTable.CSV), clock(runner.elapsed())));
            console.println();
            comparison.print(console);
            console.println(dir.resolve(Comparison.CSV) + ", " + dir.resolve(Comparison.HEAD_TO_HEAD_CSV));
        }
        return runner.failed;
    }

    private static String cellName(StudyConfig.Cell cell) {
        return cell.variant().name() + (cell.regime().name().isEmpty() ? "" : " " + cell.regime().name());
    }

    private static List<ResultsTable.RunInfo> finished(Runner runner, List<StudyConfig.PlannedRun> reported) {
        List<ResultsTable.RunInfo> finished = new ArrayList<>();
        for (StudyConfig.PlannedRun r : reported) {
            if (runner.runDirectory(r).isComplete()) {
                finished.add(info(r, runner.runFolder(r).toString()));
            }
        }
        return finished;
    }

    /** Writes the results table and the comparison tables of the finished reported runs (none: nothing written). */
    private static Comparison writeTables(SparkSession spark, StudyConfig study, Location dir,
            List<ResultsTable.RunInfo> finished) {
        if (finished.isEmpty()) {
            return null;
        }
        List<org.apache.spark.sql.Row> rows = ResultsTable.write(spark, dir.toString(), finished,
                study.validationTarget);
        Comparison comparison = Comparison.of(rows, study.pairs.isEmpty() ? derivedPairs(study) : study.pairs);
        comparison.write(dir);
        return comparison;
    }

    /**
     * Head-to-head pairs from the methods (SplitMethod.counterpart): each variant whose method names a counterpart,
     * against the first variant of that method (the one with the same head averaging where the method's traits say
     * so: DP-CutMixSL against CutMixSL).
     */
    static List<List<String>> derivedPairs(StudyConfig study) {
        Map<StudyConfig.Variant, TrainConfig> configs = new LinkedHashMap<>();
        for (StudyConfig.Cell c : study.cells()) {
            configs.computeIfAbsent(c.variant(), v -> study.run(c, study.seeds.get(0), null, "data").config());
        }
        List<List<String>> pairs = new ArrayList<>();
        for (Map.Entry<StudyConfig.Variant, TrainConfig> mine : configs.entrySet()) {
            String counterpart = method(mine.getValue()).counterpart();
            if (counterpart == null) {
                continue;
            }
            for (Map.Entry<StudyConfig.Variant, TrainConfig> theirs : configs.entrySet()) {
                if (theirs.getKey() != mine.getKey() && theirs.getKey().method().equals(counterpart)
                        && (!SplitMethods.traits(mine.getValue().method).counterpartHasTheSameHeads()
                                || theirs.getValue().headAggregateEvery == mine.getValue().headAggregateEvery)) {
                    pairs.add(List.of(mine.getKey().name(), theirs.getKey().name()));
                    break;
                }
            }
        }
        return pairs;
    }

    private static SplitMethod method(TrainConfig c) {
        int[] ones = new int[c.clientCount];
        java.util.Arrays.fill(ones, 1);
        return SplitMethods.create(c, ones);
    }

    /** Runs planned runs one after another: kept when finished, resumed when interrupted, failures counted. */
    private static final class Runner {
        private final SparkSession spark;
        private final StudyConfig study;
        private final Location dir;
        private final PrintStream console;
        private final PrintStream err;
        private final long started = System.nanoTime();
        private int planned;
        // the runs this launch has reached, so that progress counts each run once over the grid, seed and attack passes
        private final Set<String> reached = new LinkedHashSet<>();
        private double workSeconds;
        private int worked;
        int failed;

        Runner(SparkSession spark, StudyConfig study, Location dir, PrintStream console, PrintStream err, int planned) {
            this.spark = spark;
            this.study = study;
            this.dir = dir;
            this.console = console;
            this.err = err;
            this.planned = planned;
        }

        /** Counts runs the plan did not know of (a widened grid). */
        void plan(int more) {
            planned += more;
        }

        Location runFolder(StudyConfig.PlannedRun r) {
            return dir.resolve("runs").resolve(r.id());
        }

        RunDirectory runDirectory(StudyConfig.PlannedRun r) {
            return new RunDirectory(runFolder(r).toString(), spark.sparkContext().hadoopConfiguration());
        }

        double elapsed() {
            return (System.nanoTime() - started) / 1e9;
        }

        void runAll(List<StudyConfig.PlannedRun> runs, boolean attack) {
            for (StudyConfig.PlannedRun r : runs) {
                String runDir = runFolder(r).toString();
                RunDirectory run = runDirectory(r);
                boolean trained = run.isComplete();
                boolean attacked = !attack || run.exists(ReconstructionAttack.SUMMARY_JSON);
                reached.add(r.id());
                String prefix = String.format(Locale.ROOT, "[%" + String.valueOf(planned).length() + "d/%d] %s",
                        reached.size(), planned, r.id());
                String mismatch = otherConfiguration(run, r.config());
                if (mismatch != null) {
                    failed++;
                    err.println(prefix + ": " + mismatch);
                    continue;
                }
                if (trained && attacked) {
                    console.println(prefix + ": finished earlier, kept");
                    continue;
                }
                long t0 = System.nanoTime();
                double trainSeconds = 0;
                double attackSeconds = 0;
                Location logFile = dir.resolve("logs").resolve(r.id() + ".log");
                try (PrintStream log = new PrintStream(logFile.append(), true, StandardCharsets.UTF_8)) {
                    if (!trained) {
                        Training.run(spark, r.config(), runDir, true, false, log);
                        trainSeconds = (System.nanoTime() - t0) / 1e9;
                    }
                    if (!attacked) {
                        long t1 = System.nanoTime();
                        ReconstructionAttack.run(spark, runDir, List.of(), log);
                        attackSeconds = (System.nanoTime() - t1) / 1e9;
                    }
                } catch (RuntimeException e) {
                    failed++;
                    err.println(prefix + ": failed: " + e + " (log: " + logFile + ")");
                    continue;
                } finally {
                    workSeconds += (System.nanoTime() - t0) / 1e9;
                    worked++;
                }
                int left = planned - reached.size();
                console.println(prefix + ": " + outcome(run, trainSeconds, attackSeconds) + " | elapsed "
                        + clock(elapsed()) + ", left ~" + clock(left * workSeconds / worked)
                        + " (estimate: " + left + " runs not yet reached, at this launch's mean)");
            }
        }

        /** The test accuracy of a tuned run, computed after its cell's choice (the run itself never read test). */
        void evaluateTest(StudyConfig.PlannedRun r) {
            RunDirectory run = runDirectory(r);
            if (!run.isComplete()) {
                return;
            }
            try {
                JsonNode summary = new ObjectMapper().readTree(run.readText("summary.json"));
                if (summary.path("test_accuracy").isNumber()) {
                    return;
                }
                boolean finalModel = Checkpoint.completeRounds(run).contains(r.config().rounds);
                TestEvaluation.Result result = finalModel ? TestEvaluation.run(spark, runFolder(r).toString())
                        : retrainedTest(r, run);
                console.println(String.format(Locale.ROOT,
                        "%s: chosen on validation; test accuracy %.2f%% (%d images%s)", r.id(),
                        100 * result.accuracy(), result.images(), finalModel ? "" : ", of its retrained model"));
            } catch (IOException | RuntimeException e) {
                failed++;
                err.println(r.id() + ": test evaluation failed: " + e);
            }
        }

        /**
         * The test accuracy of a finished run whose final model is gone (a study kept in git keeps no checkpoints):
         * the run is trained again from its own configuration in STUDY_DIR/retrained, which training's determinism
         * makes the same model; that is checked, round by round, on the training loss and validation accuracy the
         * run recorded, and only then is the retrained model evaluated on the test split and its accuracy written
         * into the run's summary.json. The retrained folder is deleted afterwards.
         */
        private TestEvaluation.Result retrainedTest(StudyConfig.PlannedRun r, RunDirectory run) {
            Location scratch = dir.resolve(RETRAINED).resolve(r.id());
            console.println(r.id() + ": chosen on validation, but its final model is not kept: training it again"
                    + " (deterministic) for its test accuracy, in " + scratch);
            Location logFile = dir.resolve("logs").resolve(r.id() + ".log");
            try (PrintStream log = new PrintStream(logFile.append(), true, StandardCharsets.UTF_8)) {
                Training.run(spark, r.config(), scratch.toString(), true, false, log);
            }
            String differs = firstDifference(MetricsCodec.read(runFolder(r)), MetricsCodec.read(scratch));
            if (differs != null) {
                throw new IllegalStateException("training " + r.id() + " again did not give the run it recorded ("
                        + differs + "; recorded on " + recordedCpu(run) + ", trained again on " + Provenance.cpu()
                        + "): its test accuracy is not evaluated; the retrained run is left in " + scratch);
            }
            TestEvaluation.Result result = TestEvaluation.run(spark, scratch.toString());
            TestEvaluation.record(run, result);
            scratch.delete();
            return result;
        }
    }

    /** @return the CPU a run's provenance.json records, or "an unrecorded CPU" for a run made before it did */
    private static String recordedCpu(RunDirectory run) {
        try {
            return new ObjectMapper().readTree(run.readText("provenance.json")).path("cpu").asText("an unrecorded CPU");
        } catch (IOException | RuntimeException e) {
            return "an unrecorded CPU";
        }
    }

    /**
     * @param recorded a run's recorded metrics
     * @param retrained those of the same configuration trained again
     * @return the first round whose training loss or validation accuracy differs, described; null when none does
     */
    static String firstDifference(List<RoundMetrics> recorded, List<RoundMetrics> retrained) {
        if (recorded.size() != retrained.size()) {
            return recorded.size() + " rounds recorded, " + retrained.size() + " trained again";
        }
        for (int i = 0; i < recorded.size(); i++) {
            RoundMetrics a = recorded.get(i);
            RoundMetrics b = retrained.get(i);
            if (Double.compare(a.trainLoss(), b.trainLoss()) != 0
                    || Double.compare(a.validationAccuracy(), b.validationAccuracy()) != 0) {
                return String.format(Locale.ROOT, "round %d: training loss %s and validation accuracy %s recorded,"
                        + " %s and %s trained again", a.round(), a.trainLoss(), a.validationAccuracy(), b.trainLoss(),
                        b.validationAccuracy());
            }
        }
        return null;
    }

    /**
     * @return why a run folder cannot be kept or resumed for this plan (it was made with another configuration), or
     *     null when it can; training itself refuses a checkpoint of another configuration, but a finished run would
     *     otherwise be kept silently
     */
    private static String otherConfiguration(RunDirectory run, TrainConfig planned) {
        if (!run.exists("provenance.json")) {
            return null;
        }
        try {
            String hash = new ObjectMapper().readTree(run.readText("provenance.json")).path("config_hash").asText("");
            if (hash.equals(planned.hash)) {
                return null;
            }
            return "the run folder " + run.display() + " was made with another configuration (hash " + hash
                    + ", the study's now " + planned.hash + "): move it away, or use another --out";
        } catch (IOException e) {
            return "cannot read " + run.display() + "/provenance.json: " + e.getMessage();
        }
    }

    private static ResultsTable.RunInfo info(StudyConfig.PlannedRun r, String runDir) {
        TrainConfig c = r.config();
        return new ResultsTable.RunInfo(r.id(), r.cell().variantIndex(), r.variant().name(), r.cell().regime().name(),
                c.method, headPolicy(c), r.clients(), StudyConfig.sharesLabel(r.shares(), c), r.seed(),
                c.clientsPerRound, c.batchSize, Double.parseDouble(Float.toString(c.serverOptim.learningRate())),
                c.serverOptim.warmupSteps(),
                method(c).serverStepsPerRound(c.clientsPerRound), "runs/" + r.id(), runDir);
    }

    /** @return how a run's heads are kept: pooled, handed on, per client, or FedAvg every k rounds */
    static String headPolicy(TrainConfig c) {
        return method(c).headPolicy().description();
    }

    private static String outcome(RunDirectory run, double trainSeconds, double attackSeconds) {
        StringBuilder s = new StringBuilder();
        try {
            ObjectMapper mapper = new ObjectMapper();
            JsonNode summary = mapper.readTree(run.readText("summary.json"));
            JsonNode accuracy = summary.path("test_accuracy");
            s.append(accuracy.isNumber() ? String.format(Locale.ROOT, "acc %.2f%%", 100 * accuracy.asDouble())
                    : "test not evaluated");
            if (summary.path("validation_accuracy").isNumber()) {
                s.append(String.format(Locale.ROOT, ", validation %.2f%%",
                        100 * summary.path("validation_accuracy").asDouble()));
            }
            double std = summary.path("test_accuracy_std").asDouble(0);
            if (std > 0) {
                s.append(String.format(Locale.ROOT, " ±%.2f", 100 * std));
            }
            s.append(String.format(Locale.ROOT, ", up %.3f MB/client/round",
                    summary.path("bytes").path("up_per_client_round").asDouble() / 1e6));
            if (run.exists(ReconstructionAttack.SUMMARY_JSON)) {
                JsonNode attack = mapper.readTree(run.readText(ReconstructionAttack.SUMMARY_JSON));
                s.append(attack.path("attacked").asBoolean()
                        ? String.format(Locale.ROOT, ", attack PSNR %.1f dB SSIM %.2f", attack.path("psnr").asDouble(),
                                attack.path("ssim").asDouble())
                        : ", attack: nothing received");
            }
        } catch (IOException e) {
            s.append("(summary unreadable: ").append(e.getMessage()).append(')');
        }
        s.append(String.format(Locale.ROOT, "; trained %.0f s, attacked %.0f s", trainSeconds, attackSeconds));
        return s.toString();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String describe(StudyConfig study, List<StudyConfig.PlannedRun> runs) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("name", study.name);
        root.put("source", study.source);
        root.put("learning_rate_policy", study.learningRatePolicy);
        TrainConfig first = runs.get(0).config();
        root.put("server_lr", first.serverOptim.learningRate());
        root.put("client_lr", first.clientOptim.learningRate());
        root.put("rounds", first.rounds);
        root.put("clients_per_round", first.clientsPerRound);
        root.put("batch_size", first.batchSize);
        root.put("attack", study.attack);
        ArrayNode variants = root.putArray("variants");
        for (StudyConfig.Variant v : study.variants) {
            ObjectNode node = variants.addObject();
            node.put("name", v.name());
            node.put("method", v.method());
            node.put("settings", v.settings().root().render(com.typesafe.config.ConfigRenderOptions.concise()));
        }
        // the report states each regime's settings (a link profile, a data size) beside its results
        ArrayNode regimes = root.putArray("regimes");
        for (StudyConfig.Regime r : study.regimes) {
            ObjectNode node = regimes.addObject();
            node.put("name", r.name());
            node.put("settings", r.settings().root().render(com.typesafe.config.ConfigRenderOptions.concise()));
        }
        ArrayNode clients = root.putArray("clients");
        study.clients.forEach(clients::add);
        ArrayNode shares = root.putArray("shares");
        study.shares.forEach(shares::add);
        ArrayNode seeds = root.putArray("seeds");
        study.seeds.forEach(seeds::add);
        root.put("data_seed", study.dataSeed);
        root.put("runs", runs.size());
        return root.toPrettyString() + "\n";
    }
}
