package org.cutmixsl.spark.job;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.privacy.DpGuarantee;
import org.cutmixsl.model.train.TrainablePart;
import org.cutmixsl.model.vit.ModelPart;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.data.ClientDataSet;
import org.cutmixsl.spark.data.ClientPartitioner;
import org.cutmixsl.spark.data.TrainingSubset;
import org.cutmixsl.spark.device.AssignedGpus;
import org.cutmixsl.spark.device.DeviceResolver;
import org.cutmixsl.spark.eval.Evaluator;
import org.cutmixsl.spark.heads.HeadStore;
import org.cutmixsl.spark.method.SplitMethod;
import org.cutmixsl.spark.method.Releases;
import org.cutmixsl.spark.method.SplitMethods;
import org.cutmixsl.spark.records.ClientShard;
import org.cutmixsl.spark.records.TaskGpus;
import org.cutmixsl.spark.round.DriverServerStage;
import org.cutmixsl.spark.round.ExecutorServerStage;
import org.cutmixsl.spark.round.MetricsCodec;
import org.cutmixsl.spark.round.RoundLoop;
import org.cutmixsl.spark.round.RoundMetrics;
import org.cutmixsl.spark.round.ServerStage;
import org.cutmixsl.spark.run.Checkpoint;
import org.cutmixsl.spark.run.RunDirectory;

/**
 * One training run, from configuration to a committed run directory: checks what can be checked before
 * any Spark job, resolves (and if need be prepares) the data, builds the method, the server stage and the
 * round loop, runs it, and writes metrics, summary and, last, {@code _SUCCESS}.
 */
public final class Training {

    private Training() {}

    /**
     * @param spark the session
     * @param config the run's configuration
     * @param out the run directory
     * @param resume continue from the latest complete checkpoint
     * @param overwrite replace a finished or unfinished run
     * @param console where round lines and the summary go
     * @return the finished run
     */
    public static Result run(SparkSession spark, TrainConfig config, String out, boolean resume, boolean overwrite,
                             PrintStream console) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        config.validateForMaster(jsc.master());
        RunDirectory run = new RunDirectory(out, jsc.hadoopConfiguration());
        if (overwrite) {
            run.clear(jsc.sc().applicationId());
        } else if (run.isComplete()) {
            throw new IllegalArgumentException("--out " + run.display() + " holds a finished run (" + RunDirectory.SUCCESS
                    + "); pass --overwrite to replace it");
        } else if (!resume && run.hasContent()) {
            throw new IllegalArgumentException("--out " + run.display() + " holds an unfinished run; pass --resume to"
                    + " continue it or --overwrite to start again");
        }
        Optional<Checkpoint> checkpoint = resume ? Checkpoint.latest(run) : Optional.empty();
        if (checkpoint.isPresent() && !checkpoint.get().configHash().equals(config.hash)) {
            throw new IllegalArgumentException("--resume: the checkpoint in " + run.display()
                    + " was made with another configuration (hash " + checkpoint.get().configHash() + ", now "
                    + config.hash + ")");
        }
        PreparedDataset dataset = DatasetResolver.resolve(spark, config);
        run.create();
        run.writeText("config.conf", config.render() + "\n");
        run.writeText("provenance.json", Provenance.json(config, dataset));

        int[] sampleCounts = TrainingSubset.sizes(dataset.clientSampleCounts(), config.data.fraction);
        SplitMethod method = SplitMethods.create(config, sampleCounts);
        int partitions = config.partitions(jsc);
        ClientPartitioner partitioner = new ClientPartitioner(partitions, config.clientCount);
        // Spark SQL runs the grouping's shuffle as soon as the rows become an RDD: name those jobs for the UI too.
        jsc.setJobDescription("reading the clients' training data: " + config.clientCount + " clients");
        JavaPairRDD<Integer, ClientShard> shards = ClientDataSet.trainShards(spark, dataset, partitioner,
                method.readsPooledData() ? SplitMethod.POOLED_CLIENT : null, config.seed, config.data.fraction);
        // With eval.test off the test split is never opened: not even listed.
        JavaPairRDD<Integer, ClientShard> test = null;
        if (config.evalTest) {
            jsc.setJobDescription("reading the test split");
            test = ClientDataSet.testChunks(spark, dataset, config.evalBatchSize, partitions, config.evalTestImages);
        }
        jsc.setJobDescription("reading the validation split");
        JavaPairRDD<Integer, ClientShard> validation = dataset.readValidation(spark)
                .map(split -> ClientDataSet.validationChunks(split, dataset, config.evalBatchSize, partitions))
                .orElse(null);
        jsc.setJobDescription(null);
        OptimizerConfig serverOptim = config.serverOptim.withSchedule(config.serverOptim.warmupSteps(),
                config.rounds * method.serverStepsPerRound(config.clientsPerRound));
        OptimizerConfig clientOptim = config.clientOptim.withSchedule(config.clientOptim.warmupSteps(),
                config.rounds * method.clientStepsPerRound());

        long started = System.nanoTime();
        AssignedGpus gpus = new AssignedGpus(TaskGpus.ofDriver(jsc.sc()));
        try (ServerStage server = config.serverPlacement == TrainConfig.ServerPlacement.EXECUTOR
                ? new ExecutorServerStage(jsc, config, serverOptim, run)
                : new DriverServerStage(config, serverOptim, DeviceResolver.forDriver(config.device, jsc.sc()))) {
            HeadStore heads;
            List<RoundMetrics> done = new ArrayList<>();
            if (checkpoint.isPresent()) {
                Checkpoint cp = checkpoint.get();
                server.importState(new org.cutmixsl.model.train.PartState[] {cp.body(), cp.tail()});
                heads = HeadStore.fromBytes(cp.heads());
                done.addAll(cp.metrics());
                console.println("resuming " + run.display() + " after round " + cp.round());
            } else {
                heads = new HeadStore(initialHead(config, clientOptim));
            }
            RoundLoop loop = new RoundLoop(jsc, config, method, shards, partitioner,
                    test == null ? null : new Evaluator(jsc, test, config, method, gpus),
                    validation == null ? null : new Evaluator(jsc, validation, config, method, gpus), server, heads,
                    clientOptim, run, console, gpus);
            List<RoundMetrics> metrics = loop.run(done, config.hash);
            double seconds = (System.nanoTime() - started) / 1e9;
            MetricsCodec.writeParquet(spark, run, metrics);
            RoundMetrics last = metrics.get(metrics.size() - 1);
            run.writeText("summary.json", summary(config, method, dataset, sampleCounts, metrics, seconds, gpus));
            printSummary(console, config, method, metrics, seconds);
            run.writeText(RunDirectory.SUCCESS, "");
            return new Result(run.display(), last.testAccuracy(), metrics);
        } finally {
            shards.unpersist(false);
            if (test != null) {
                test.unpersist(false);
            }
            if (validation != null) {
                validation.unpersist(false);
            }
        }
    }

    private static byte[] initialHead(TrainConfig config, OptimizerConfig clientOptim) {
        try (TrainablePart head = new TrainablePart(ModelPart.HEAD, config.model, clientOptim, Device.cpu(),
                config.seed)) {
            return head.parameters().toBytes();
        }
    }

    /**
     * @param config a run's configuration
     * @param dataset its dataset
     * @return the test images its evaluation on the test split counts (eval.testImages, or all of them)
     */
    public static long testImages(TrainConfig config, PreparedDataset dataset) {
        return config.evalTestImages == 0 ? dataset.testRows() : Math.min(config.evalTestImages, dataset.testRows());
    }

    /** Puts a number, or null for NaN (not evaluated): JSON has no NaN. */
    static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isNaN(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    private static String summary(TrainConfig config, SplitMethod method, PreparedDataset dataset, int[] sampleCounts,
                                  List<RoundMetrics> metrics, double seconds, AssignedGpus gpus) {
        RoundMetrics last = metrics.get(metrics.size() - 1);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("method", method.name());
        // With eval.test off these stay null until TestEvaluation fills them in.
        putNumber(root, "test_accuracy", last.testAccuracy());
        putNumber(root, "test_accuracy_std", last.testAccuracyStd());
        if (config.evalTest) {
            root.put("test_images", testImages(config, dataset));
        } else {
            root.putNull("test_images");
        }
        putNumber(root, "validation_accuracy", last.validationAccuracy());
        putNumber(root, "validation_accuracy_std", last.validationAccuracyStd());
        root.put("validation_images", dataset.validationRows());
        root.put("data_fraction", config.data.fraction);
        root.put("training_images", java.util.Arrays.stream(sampleCounts).asLongStream().sum());
        root.put("rounds", config.rounds);
        root.put("clients", config.clientCount);
        root.put("clients_per_round", config.clientsPerRound);
        root.put("batch_size", config.batchSize);
        root.put("seed", config.seed);
        root.put("config_hash", config.hash);
        root.put("dataset", dataset.root());
        root.put("dataset_manifest_sha256", dataset.manifestSha256());
        root.put("code_version", Provenance.codeVersion());
        ObjectNode bytes = root.putObject("bytes");
        bytes.put("up_total", last.bytesUpTotal());
        bytes.put("down_total", last.bytesDownTotal());
        bytes.put("sync_total", last.bytesSyncTotal());
        bytes.put("up_per_client_round", (double) last.bytesUpTotal() / (metrics.size() * (double) config.clientsPerRound));
        bytes.put("down_per_client_round",
                (double) last.bytesDownTotal() / (metrics.size() * (double) config.clientsPerRound));
        double training = 0;
        for (RoundMetrics m : metrics) {
            training += m.trainingSeconds();
        }
        ObjectNode time = root.putObject("seconds");
        time.put("wall_this_process", seconds);
        time.put("training", training);
        time.put("per_round", training / metrics.size());
        putNumber(root, "sim_seconds_total", last.simSecondsTotal());
        // client-rounds drawn to take part, and those of them that dropped (metrics.csv's dropped column)
        root.put("client_rounds", (long) metrics.size() * config.clientsPerRound);
        root.put("dropped_client_rounds", droppedClientRounds(metrics));
        putNumber(root, "target_accuracy", config.evalTargetAccuracy);
        putNumber(root, "sim_seconds_to_target", simSecondsToTarget(metrics, config.evalTargetAccuracy));
        putNumber(root, "up_mb_to_target", upMbToTarget(metrics, config.evalTargetAccuracy));
        root.put("training_images_per_second",
                (double) metrics.size() * config.clientsPerRound * config.batchSize / training);
        root.put("privacy", method.privacyNote());
        long[] releases = Releases.maxima(config, method, sampleCounts, metrics.size());
        DpGuarantee dp = method.guarantee(releases[0], releases[1]);
        if (dp != null) {
            ObjectNode node = root.putObject("dp");
            node.put("epsilon", dp.epsilonComposed());
            node.put("delta", dp.delta());
            node.put("epsilon_per_round", dp.epsilonPerRound());
            node.put("releases_per_image", dp.releasesPerImage());
            node.put("releases_per_round", dp.releasesPerRound());
            node.put("noise_multiplier", dp.noiseMultiplier());
            node.put("clip_norm", dp.clipNorm());
            node.put("clip_unit", dp.clipUnit().configName());
            node.put("record", dp.record().configName());
            node.put("guaranteed", dp.guaranteed());
            node.put("rdp_order", dp.orderComposed());
            node.put("conversion", dp.conversion().formula());
            node.put("covers", dp.covers());
            node.put("statement", dp.summary());
            // flat copies, for tables and sweeps over dp.targetEpsilon
            root.put("dp_noise_multiplier", dp.noiseMultiplier());
            root.put("dp_epsilon", dp.epsilonComposed());
            root.put("dp_delta", dp.delta());
            root.put("dp_clip_unit", dp.clipUnit().configName());
            root.put("dp_record", dp.record().configName());
            root.put("dp_evaluation", config.dpEvaluateWithNoise ? "noise" : "clip");
            root.put("dp_target_epsilon", method.targetEpsilon());
        }
        double leakage = Double.NaN;
        for (RoundMetrics m : metrics) {
            if (!Double.isNaN(m.distanceCorrelation())) {
                leakage = m.distanceCorrelation();
            }
        }
        root.put("distance_correlation_last", leakage);
        root.put("determinism", Provenance.determinismNote(config));
        // What Spark's resource scheduling assigned, from the task results this process used (since a resume).
        gpus.writeTo(root.putObject("resources"));
        return root.toPrettyString() + "\n";
    }

    /** @return the client-rounds that dropped, over every round (metrics.csv's dropped column) */
    private static long droppedClientRounds(List<RoundMetrics> metrics) {
        return metrics.stream().mapToLong(RoundMetrics::droppedClients).sum();
    }

    /**
     * @param metrics every round's metrics
     * @param target a test accuracy, NaN for none
     * @return the cumulative simulated seconds at the first evaluation whose test accuracy reached the target; NaN
     *     without a target, without simulated links, or when no evaluation reached it
     */
    public static double simSecondsToTarget(List<RoundMetrics> metrics, double target) {
        RoundMetrics reached = firstReaching(metrics, target);
        return reached == null ? Double.NaN : reached.simSecondsTotal();
    }

    /**
     * @param metrics every round's metrics
     * @param target a test accuracy, NaN for none
     * @return the cumulative uplink MB (10^6 bytes, every client) at the same evaluation as
     *     {@link #simSecondsToTarget}; NaN without a target or when no evaluation reached it
     */
    public static double upMbToTarget(List<RoundMetrics> metrics, double target) {
        RoundMetrics reached = firstReaching(metrics, target);
        return reached == null ? Double.NaN : reached.bytesUpTotal() / 1e6;
    }

    /** @return the first round whose test accuracy reached the target, null for none (or no target) */
    private static RoundMetrics firstReaching(List<RoundMetrics> metrics, double target) {
        if (Double.isNaN(target)) {
            return null;
        }
        for (RoundMetrics m : metrics) {
            if (!Double.isNaN(m.testAccuracy()) && m.testAccuracy() >= target) {
                return m;
            }
        }
        return null;
    }

    private static void printSummary(PrintStream console, TrainConfig config, SplitMethod method, List<RoundMetrics> metrics,
                                     double seconds) {
        RoundMetrics last = metrics.get(metrics.size() - 1);
        console.println();
        console.println(String.format(Locale.ROOT, "%-22s %s", "method", method.name()));
        console.println(String.format(Locale.ROOT, "%-22s %d (%d clients, %d per round, batch %d)", "rounds",
                metrics.size(), config.clientCount, config.clientsPerRound, config.batchSize));
        if (!Double.isNaN(last.testAccuracy())) {
            console.println(String.format(Locale.ROOT, "%-22s %.2f%%%s", "test accuracy", 100 * last.testAccuracy(),
                    last.testAccuracyStd() > 0 ? String.format(Locale.ROOT, " ± %.2f", 100 * last.testAccuracyStd())
                            : ""));
        }
        if (!Double.isNaN(last.validationAccuracy())) {
            console.println(String.format(Locale.ROOT, "%-22s %.2f%%%s", "validation accuracy",
                    100 * last.validationAccuracy(), last.validationAccuracyStd() > 0
                            ? String.format(Locale.ROOT, " ± %.2f", 100 * last.validationAccuracyStd()) : ""));
        }
        console.println(String.format(Locale.ROOT, "%-22s %.2f MB up, %.2f MB down, %.2f MB sync", "communication",
                last.bytesUpTotal() / 1e6, last.bytesDownTotal() / 1e6, last.bytesSyncTotal() / 1e6));
        console.println(String.format(Locale.ROOT, "%-22s %.1f s", "wall time", seconds));
        if (!Double.isNaN(last.simSecondsTotal())) {
            console.println(String.format(Locale.ROOT, "%-22s %.1f s", "simulated time", last.simSecondsTotal()));
        }
        long dropped = droppedClientRounds(metrics);
        if (dropped > 0) {
            console.println(String.format(Locale.ROOT, "%-22s %d of %d client-rounds (metrics.csv: dropped)",
                    "dropped", dropped, (long) metrics.size() * config.clientsPerRound));
        }
        console.println(String.format(Locale.ROOT, "%-22s %s", "privacy", method.privacyNote()));
    }

    /**
     * @param runDirectory where the run was written, as a user sees it
     * @param testAccuracy the final evaluation on the test split; NaN with eval.test off
     * @param metrics every round's metrics
     */
    public record Result(String runDirectory, double testAccuracy, List<RoundMetrics> metrics) {}
}
