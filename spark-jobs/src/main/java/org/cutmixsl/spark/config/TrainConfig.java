package org.cutmixsl.spark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.cutmixsl.model.device.DeviceChoice;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.plan.PlanConfig;
import org.cutmixsl.data.source.DatasetKind;
import org.cutmixsl.model.vit.PixelScaling;
import org.cutmixsl.model.vit.ViTConfig;
import org.cutmixsl.spark.links.Deadline;
import org.cutmixsl.spark.links.LinkProfiles;

/**
 * A run's whole configuration, typed and validated. Built only by {@link ConfigLoader}; every value is
 * checked there, with messages that name the key, the value and what was expected. The resolved HOCON
 * text is kept so that every output can record exactly what made it.
 */
public final class TrainConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Where the server step runs. */
    public enum ServerPlacement { DRIVER, EXECUTOR }

    /** Where tensors live. */
    public final long seed;
    public final String method;
    public final DeviceChoice device;
    public final ViTConfig model;
    public final int headAggregateEvery;
    public final DataSettings data;
    public final int clientCount;
    public final int clientsPerRound;
    public final int batchSize;
    /**
     * {@code clients.link}: every client's link and device profile, drawn at load (seeded per client) or read from
     * the trace; {@link LinkProfiles#NONE} (no simulated time) when every value is at its default.
     */
    public final LinkProfiles links;
    /** {@code clients.dropout}: the probability that a participating client drops out of a round, in [0, 1). */
    public final double clientDropout;
    /** {@code clients.deadlineSeconds}: the uploads' simulated deadline; infinite when there is none. */
    public final double deadlineSeconds;
    /** {@code clients.maxEmptyRounds}: consecutive rounds without a trained client after which the run fails. */
    public final int maxEmptyRounds;
    /**
     * {@code clients.failuresDrop}: a client whose forward task fails after Spark's retries is dropped from the
     * step (reason "failure") instead of failing the run.
     */
    public final boolean failuresDrop;
    public final PlanConfig plan;
    public final Encoding encoding;
    public final int rounds;
    public final ServerPlacement serverPlacement;
    public final int serverMicroBatch;
    public final int serverThreads;
    public final int serverGpus;
    public final int serverCpus;
    public final OptimizerConfig serverOptim;
    public final int clientThreads;
    public final boolean clientBackwardLock;
    public final OptimizerConfig clientOptim;
    public final float dpClipNorm;
    public final float dpNoiseMultiplier;
    public final double dpDelta;
    /** What {@code dp.clipNorm} bounds: each kept token or each image's kept tokens together. */
    public final org.cutmixsl.model.privacy.ClipUnit dpClipUnit;
    /** {@code dp.record}: what one record of the DP guarantee is, an image or one patch token of an image. */
    public final org.cutmixsl.model.privacy.DpRecord dpRecord;
    /** {@code dp.evaluation}: true (noise) to evaluate through the clip and the training's noise, false (clip). */
    public final boolean dpEvaluateWithNoise;
    /** {@code dp.targetEpsilon}: 0 = off; when positive, σ is solved for it and dp.noiseMultiplier is not used. */
    public final double dpTargetEpsilon;
    public final org.cutmixsl.model.privacy.RdpAccountant.Conversion dpConversion;
    public final int privacyEvery;
    public final java.util.List<Integer> attackRounds;
    public final int evalEvery;
    /** eval.test: whether the job evaluates on (and opens) the test split. */
    public final boolean evalTest;
    public final int evalBatchSize;
    public final int evalTestImages;
    public final int evalMaxClients;
    /** {@code eval.targetAccuracy}: the test accuracy summary.json's sim_seconds_to_target is for; NaN = not set. */
    public final double evalTargetAccuracy;
    public final int attackClients;
    public final int attackGridImages;
    public final int attackThreads;
    public final int attackDecoderSteps;
    public final int attackDecoderBatchSize;
    public final float attackDecoderLr;
    public final int checkpointEvery;
    public final int checkpointKeep;
    public final int sparkPartitions;
    public final Testing testing;
    private final String resolved;
    /** SHA-256 of the resolved configuration without the test-only keys: what checkpoints are matched by. */
    public final String hash;

    TrainConfig(Config c) {
        seed = c.getLong("seed");
        method = c.getString("method").toLowerCase(Locale.ROOT);
        org.cutmixsl.spark.method.SplitMethods.validateName(method);
        device = parseEnum(c, "device", DeviceChoice.class);
        ViTConfig preset = ViTConfig.preset(c.getString("model.preset"));
        float dropout = (float) c.getDouble("model.dropout");
        data = new DataSettings(c);
        model = preset.withDropout(dropout).withHeadBlocks(c.getInt("head.blocks"))
                .withInput(inputScaling(c, preset, data.dataset));
        headAggregateEvery = nonNegative(c, "head.aggregateEvery");
        clientCount = positive(c, "clients.count");
        clientsPerRound = nonNegative(c, "clients.perRound") == 0 ? clientCount : c.getInt("clients.perRound");
        if (clientsPerRound > clientCount) {
            throw new IllegalArgumentException("clients.perRound = " + clientsPerRound
                    + ": more than clients.count = " + clientCount);
        }
        batchSize = positive(c, "clients.batchSize");
        links = LinkProfiles.load(c, seed, clientCount);
        clientDropout = c.getDouble("clients.dropout");
        if (!(clientDropout >= 0 && clientDropout < 1)) {
            throw new IllegalArgumentException("clients.dropout = " + clientDropout
                    + ": expected a probability in [0, 1) (0 = no client ever drops out)");
        }
        deadlineSeconds = c.hasPath("clients.deadlineSeconds") ? c.getDouble("clients.deadlineSeconds")
                : Double.POSITIVE_INFINITY;
        if (c.hasPath("clients.deadlineSeconds")) {
            if (!(deadlineSeconds > 0 && Double.isFinite(deadlineSeconds))) {
                throw new IllegalArgumentException("clients.deadlineSeconds = " + deadlineSeconds
                        + ": expected simulated seconds > 0, or null for no deadline");
            }
            if (!links.simulated()) {
                throw new IllegalArgumentException("clients.deadlineSeconds = " + deadlineSeconds + ": a deadline"
                        + " needs simulated links; set clients.link (uplinkMbps, downlinkMbps, latencyMs or trace)");
            }
        }
        maxEmptyRounds = positive(c, "clients.maxEmptyRounds");
        failuresDrop = c.getBoolean("clients.failuresDrop");
        plan = new PlanConfig(
                positive(c, "plan.groupSize"),
                parseEnum(c, "plan.ratio", PlanConfig.RatioMode.class),
                c.getDouble("plan.alpha"),
                parseEnum(c, "plan.shape", PlanConfig.MaskShape.class),
                parseEnum(c, "plan.granularity", PlanConfig.Granularity.class));
        encoding = parseEnum(c, "codec.encoding", Encoding.class);
        rounds = positive(c, "train.rounds");
        serverPlacement = parseEnum(c, "server.placement", ServerPlacement.class);
        serverMicroBatch = positive(c, "server.microBatch");
        serverThreads = positive(c, "server.threads");
        serverGpus = nonNegative(c, "server.gpus");
        serverCpus = positive(c, "server.cpus");
        serverOptim = optimizer(c, "server.optim", rounds);
        clientThreads = positive(c, "client.threads");
        clientBackwardLock = c.getBoolean("client.backwardLock");
        clientOptim = optimizer(c, "client.optim", rounds);
        dpClipNorm = (float) c.getDouble("dp.clipNorm");
        if (!(dpClipNorm > 0 && Float.isFinite(dpClipNorm))) {
            throw new IllegalArgumentException("dp.clipNorm = " + dpClipNorm + ": expected a positive number");
        }
        dpNoiseMultiplier = (float) c.getDouble("dp.noiseMultiplier");
        if (!(dpNoiseMultiplier >= 0 && Float.isFinite(dpNoiseMultiplier))) {
            throw new IllegalArgumentException("dp.noiseMultiplier = " + dpNoiseMultiplier + ": expected ≥ 0");
        }
        dpDelta = c.getDouble("dp.delta");
        if (!(dpDelta > 0 && dpDelta < 1)) {
            throw new IllegalArgumentException("dp.delta = " + dpDelta + ": expected a value in (0, 1)");
        }
        dpConversion = org.cutmixsl.model.privacy.RdpAccountant.Conversion.parse("dp.conversion",
                c.getString("dp.conversion"));
        dpClipUnit = org.cutmixsl.model.privacy.ClipUnit.parse("dp.clipUnit", c.getString("dp.clipUnit"));
        dpRecord = org.cutmixsl.model.privacy.DpRecord.parse("dp.record", c.getString("dp.record"));
        dpRecord.check(dpClipUnit);
        String evaluation = c.getString("dp.evaluation");
        if (!evaluation.equals("clip") && !evaluation.equals("noise")) {
            throw new IllegalArgumentException("dp.evaluation = " + evaluation + ": expected clip or noise");
        }
        dpEvaluateWithNoise = evaluation.equals("noise");
        dpTargetEpsilon = c.getDouble("dp.targetEpsilon");
        if (!(dpTargetEpsilon >= 0 && Double.isFinite(dpTargetEpsilon))) {
            throw new IllegalArgumentException("dp.targetEpsilon = " + dpTargetEpsilon + ": expected ≥ 0 (0 = off)");
        }
        privacyEvery = positive(c, "privacy.every");
        java.util.List<Integer> attack = new java.util.ArrayList<>();
        for (int r : c.getIntList("attack.rounds")) {
            if (r < 1 || r > c.getInt("train.rounds")) {
                throw new IllegalArgumentException("attack.rounds contains " + r + ": expected rounds in 1.."
                        + c.getInt("train.rounds"));
            }
            attack.add(r);
        }
        if (attack.isEmpty()) {
            attack.add(c.getInt("train.rounds"));
        }
        attackRounds = java.util.List.copyOf(new java.util.TreeSet<>(attack));
        evalEvery = positive(c, "eval.every");
        evalTest = c.getBoolean("eval.test");
        evalBatchSize = positive(c, "eval.batchSize");
        evalTestImages = nonNegative(c, "eval.testImages");
        evalMaxClients = positive(c, "eval.maxClients");
        evalTargetAccuracy = c.hasPath("eval.targetAccuracy") ? c.getDouble("eval.targetAccuracy") : Double.NaN;
        if (!Double.isNaN(evalTargetAccuracy) && !(evalTargetAccuracy > 0 && evalTargetAccuracy <= 1)) {
            throw new IllegalArgumentException("eval.targetAccuracy = " + evalTargetAccuracy
                    + ": expected an accuracy in (0, 1], or null for none");
        }
        attackClients = positive(c, "attack.clients");
        attackGridImages = positive(c, "attack.gridImages");
        attackThreads = positive(c, "attack.threads");
        attackDecoderSteps = positive(c, "attack.decoder.steps");
        attackDecoderBatchSize = positive(c, "attack.decoder.batchSize");
        attackDecoderLr = (float) c.getDouble("attack.decoder.lr");
        if (!(attackDecoderLr > 0 && Float.isFinite(attackDecoderLr))) {
            throw new IllegalArgumentException("attack.decoder.lr = " + attackDecoderLr + ": expected a positive number");
        }
        checkpointEvery = positive(c, "checkpoint.every");
        checkpointKeep = positive(c, "checkpoint.keep");
        sparkPartitions = nonNegative(c, "spark.partitions");
        testing = new Testing(c);
        resolved = c.root().render(ConfigRenderOptions.concise().setFormatted(true).setJson(false));
        // Test-only keys and the attack's own settings (read by bin/cutmixsl attack, not by training) are not
        // part of what checkpoints are matched by.
        // data.shares is hashed under its name before the rename (data.partition), so that checkpoints written
        // before it still resume: the hash of a configuration did not change with the name.
        Config hashed = c.withValue("data.partition", c.getValue("data.shares")).withoutPath("data.shares");
        // Keys added later are hashed only away from their defaults, so that checkpoints written before them
        // still resume.
        if (data.validation == 0) {
            hashed = hashed.withoutPath("data.validation");
        }
        if (data.fraction == 1.0) {
            hashed = hashed.withoutPath("data.fraction");
        }
        if (evalTest) {
            hashed = hashed.withoutPath("eval.test");
        }
        // Simulated links change no trained number; a run with them is hashed with them (its cumulative
        // sim_seconds must not mix two link settings on resume), one without as before they existed.
        if (!links.simulated()) {
            hashed = hashed.withoutPath("clients.link");
        }
        // Drops change what is trained, so a run with them is hashed with them; at their defaults (none) they are
        // left out, so that checkpoints written before they existed still resume. maxEmptyRounds only decides
        // when a run gives up, not any number.
        if (clientDropout == 0) {
            hashed = hashed.withoutPath("clients.dropout");
        }
        // failuresDrop decides what happens when a task fails for good, which no seed decides: a resumed run may
        // change it.
        hashed = hashed.withoutPath("clients.deadlineSeconds").withoutPath("clients.maxEmptyRounds")
                .withoutPath("clients.failuresDrop");
        if (c.hasPath("clients.deadlineSeconds")) {
            hashed = hashed.withValue("clients.deadlineSeconds", c.getValue("clients.deadlineSeconds"));
        }
        hashed = hashed.withoutPath("eval.targetAccuracy");
        // dp.record at its default (image) is what every run before the key meant: left out, old checkpoints resume
        if (dpRecord == org.cutmixsl.model.privacy.DpRecord.IMAGE) {
            hashed = hashed.withoutPath("dp.record");
        }
        if (!dpEvaluateWithNoise) {
            hashed = hashed.withoutPath("dp.evaluation");
        }
        hash = sha256(hashed.withoutPath("testing").withoutPath("attack.clients").withoutPath("attack.gridImages")
                .withoutPath("attack.threads")
                .withoutPath("attack.decoder").root().render(ConfigRenderOptions.concise()));
        validateAcrossKeys();
    }

    private void validateAcrossKeys() {
        int patches = model.patchCount();
        int largestGroup = plan.groupSize();
        int remainder = clientsPerRound % plan.groupSize();
        if (clientsPerRound >= plan.groupSize() && remainder != 0) {
            largestGroup = plan.groupSize() + remainder;
        }
        if (plan.groupSize() > patches) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "plan.groupSize = %d: larger than the patch count P = %d of model %s", plan.groupSize(), patches,
                    model.name()));
        }
        if (largestGroup > patches) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "plan.groupSize = %d with clients.perRound = %d leaves a last group of %d clients, more than"
                            + " the patch count P = %d", plan.groupSize(), clientsPerRound, largestGroup, patches));
        }
        if (serverGpus > 0 && serverPlacement == ServerPlacement.DRIVER) {
            throw new IllegalArgumentException("server.gpus = " + serverGpus
                    + ": GPUs for the server stage need server.placement = executor (on the driver use"
                    + " spark.driver.resource.gpu.amount and device = gpu)");
        }
    }

    /** @return the uploads' deadline ({@code clients.deadlineSeconds} over {@code clients.link}), or none */
    public Deadline deadline() {
        return Double.isInfinite(deadlineSeconds) ? Deadline.NONE : new Deadline(deadlineSeconds, links);
    }

    /**
     * @param jsc the context the job runs in
     * @return the shard partitions: {@code spark.partitions}, or the context's default parallelism where it is 0
     */
    public int partitions(JavaSparkContext jsc) {
        return sparkPartitions > 0 ? sparkPartitions : jsc.defaultParallelism();
    }

    /** @return the resolved configuration as HOCON text, recorded in every run directory */
    public String render() {
        return resolved;
    }

    /** @return whether the given Spark master is local mode */
    public static boolean isLocalMaster(String master) {
        return master == null || master.startsWith("local");
    }

    /**
     * Checks what depends on where the job runs.
     *
     * @param master the Spark master URL
     */
    public void validateForMaster(String master) {
        if (isLocalMaster(master) && serverGpus > 0) {
            throw new IllegalArgumentException("server.gpus = " + serverGpus + ": local mode (" + master
                    + ") rejects every Spark ResourceProfile, so the server stage cannot ask for GPUs there;"
                    + " run on a standalone, YARN or Kubernetes cluster, or set server.gpus = 0");
        }
    }

    private static OptimizerConfig optimizer(Config c, String prefix, int totalSteps) {
        return new OptimizerConfig(prefix,
                OptimizerConfig.Kind.parse(prefix + ".kind", c.getString(prefix + ".kind")),
                (float) c.getDouble(prefix + ".lr"),
                (float) c.getDouble(prefix + ".weightDecay"),
                (float) c.getDouble(prefix + ".beta1"),
                (float) c.getDouble(prefix + ".beta2"),
                (float) c.getDouble(prefix + ".epsilon"),
                (float) c.getDouble(prefix + ".momentum"),
                nonNegative(c, prefix + ".warmupSteps"),
                totalSteps,
                (float) c.getDouble(prefix + ".minLrRatio"),
                (float) c.getDouble(prefix + ".clipNorm"));
    }

    static int positive(Config c, String key) {
        int v = c.getInt(key);
        if (v <= 0) {
            throw new IllegalArgumentException(key + " = " + v + ": expected a positive integer");
        }
        return v;
    }

    static int nonNegative(Config c, String key) {
        int v = c.getInt(key);
        if (v < 0) {
            throw new IllegalArgumentException(key + " = " + v + ": expected an integer ≥ 0");
        }
        return v;
    }

    static <E extends Enum<E>> E parseEnum(Config c, String key, Class<E> type) {
        String value = c.getString(key);
        String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(normalized)) {
                return e;
            }
        }
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            names.append(names.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new IllegalArgumentException(key + " = \"" + value + "\": expected one of " + names);
    }

    /** Where the training data comes from and how it is shared among clients when the job prepares it. */
    public static final class DataSettings implements Serializable {
        private static final long serialVersionUID = 1L;
        public final String dir;
        public final String dataset;
        public final String source;
        public final String shares;
        public final double beta;
        public final int shardsPerClient;
        public final int minSamples;
        public final int serverHoldout;
        /** data.validation: images of the validation split the dataset must have (0 = none). */
        public final int validation;
        /** data.fraction: the fraction of its share each client trains on, in (0, 1]. */
        public final double fraction;

        DataSettings(Config c) {
            dir = c.getString("data.dir");
            if (dir.isBlank()) {
                throw new IllegalArgumentException("data.dir: a folder is required");
            }
            dataset = c.getString("data.dataset");
            source = c.getString("data.source");
            shares = c.getString("data.shares");
            beta = c.getDouble("data.beta");
            shardsPerClient = positive(c, "data.shardsPerClient");
            minSamples = positive(c, "data.minSamples");
            serverHoldout = nonNegative(c, "data.serverHoldout");
            validation = nonNegative(c, "data.validation");
            fraction = c.getDouble("data.fraction");
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("data.fraction = " + fraction
                        + ": expected a fraction of each client's share in (0, 1]");
            }
        }
    }

    /**
     * {@code model.inputScaling}: {@code dataset} standardises each channel with the dataset's training
     * statistics, {@code minus-one-one} scales to [−1, 1] as earlier versions did.
     */
    static PixelScaling inputScaling(Config c, ViTConfig preset, String dataset) {
        String value = c.getString("model.inputScaling");
        switch (value) {
            case "minus-one-one":
                return PixelScaling.minusOneOne(preset.channels());
            case "dataset":
                DatasetKind kind;
                try {
                    kind = DatasetKind.fromName(dataset);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("data.dataset: " + e.getMessage(), e);
                }
                if (kind.channels() != preset.channels()) {
                    // a model that does not fit the dataset: DatasetResolver refuses the pair, naming both, before
                    // any Spark job; until then the scaling must only be well-formed
                    return PixelScaling.minusOneOne(preset.channels());
                }
                return PixelScaling.standardise(kind.pixelMean(), kind.pixelStd());
            default:
                throw new IllegalArgumentException("model.inputScaling = \"" + value
                        + "\": expected dataset or minus-one-one");
        }
    }

    /** Test-only fault injection (off by default). */
    public static final class Testing implements Serializable {
        private static final long serialVersionUID = 1L;
        public final int failFirstAttemptOfClient;
        /** Client whose forward task fails on every attempt (a permanent failure); -1 = off. */
        public final int failEveryAttemptOfClient;
        /** The round (1-based) in which it fails; -1 = every round. */
        public final int failEveryAttemptInRound;
        public final int corruptPayloadOfClient;
        public final int corruptRound;
        public final int haltAfterRound;
        /** Folder of the markers fault tests on a cluster watch; empty = off. */
        public final String markerDir;
        /** Round (1-based) whose client-forward tasks wait for the release marker; -1 = off. */
        public final int holdForwardOfRound;
        /** Round (1-based) whose checkpoint write waits before its commit marker; -1 = off. */
        public final int holdCheckpointOfRound;
        /** The longest a hold waits. */
        public final int holdSeconds;

        Testing(Config c) {
            failFirstAttemptOfClient = c.getInt("testing.failFirstAttemptOfClient");
            failEveryAttemptOfClient = c.getInt("testing.failEveryAttemptOfClient");
            failEveryAttemptInRound = c.getInt("testing.failEveryAttemptInRound");
            corruptPayloadOfClient = c.getInt("testing.corruptPayloadOfClient");
            corruptRound = c.getInt("testing.corruptRound");
            haltAfterRound = c.getInt("testing.haltAfterRound");
            markerDir = c.getString("testing.markerDir");
            holdForwardOfRound = c.getInt("testing.holdForwardOfRound");
            holdCheckpointOfRound = c.getInt("testing.holdCheckpointOfRound");
            holdSeconds = positive(c, "testing.holdSeconds");
            if (markerDir.isBlank() && (holdForwardOfRound > 0 || holdCheckpointOfRound > 0)) {
                throw new IllegalArgumentException("testing.holdForwardOfRound / testing.holdCheckpointOfRound: a hold"
                        + " needs testing.markerDir (the folder where the release marker appears)");
            }
        }
    }

    /** @return flattened key = value pairs of the resolved configuration (for provenance) */
    public static Map<String, String> flatten(Config c) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
            out.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
        }
        return out;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Wraps a typesafe-config error into the project's message style. */
    static IllegalArgumentException explain(ConfigException e) {
        return new IllegalArgumentException(e.getMessage(), e);
    }
}
