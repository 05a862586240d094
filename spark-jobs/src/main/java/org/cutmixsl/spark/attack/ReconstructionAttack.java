package org.cutmixsl.spark.attack;

import static org.apache.spark.sql.functions.col;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.common.random.Shuffles;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.model.codec.TokenCodec;
import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.plan.PatchGrid;
import org.cutmixsl.model.privacy.AttackBatch;
import org.cutmixsl.model.privacy.ImageQuality;
import org.cutmixsl.model.privacy.InversionDecoder;
import org.cutmixsl.model.privacy.ReconstructionGrid;
import org.cutmixsl.model.train.Autograd;
import org.cutmixsl.model.train.ClientHead;
import org.cutmixsl.model.train.ImageBatch;
import org.cutmixsl.model.train.MinibatchSampler;
import org.cutmixsl.model.train.Seeds;
import org.cutmixsl.model.train.SmashedTransform;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.model.vit.ViTConfig;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.device.DeviceResolver;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.data.TrainingSubset;
import org.cutmixsl.spark.method.SplitMethod;
import org.cutmixsl.spark.method.SplitMethods;
import org.cutmixsl.spark.method.StepLayout;
import org.cutmixsl.spark.round.Participation;
import org.cutmixsl.spark.run.RunDirectory;

/**
 * The reconstruction attack of SPEC section 6 on a finished run directory.
 *
 * <p>For every attacked round (a folder under {@code attack/heads/}), the attacked clients are a seeded sample of
 * {@code attack.clients} of the round's participants. Their uploads are recomputed exactly as they were sent: the
 * client's minibatch of that round (a pure function of seed, round and client), the head it used (kept by the job
 * at the start of its step), the round's real layout (its mixing plan and the method's mixer), the method's client
 * transform with the run's seed (DP clipping and noise) and the codec; the server decodes the payload as it did.
 * For each distinct head among them the server trains an {@link InversionDecoder} on pairs it makes from its
 * holdout with the same head, transform distribution, mask distribution (plans drawn from the attack's own seed:
 * the server makes the plans, so it knows how they are drawn) and codec, then reconstructs the clients' images
 * from what it received. MSE, PSNR and SSIM are means over the reconstructed images.
 *
 * <p>Results go to {@code attack/results.csv} (rows replaced by a rerun with the same round, head, decoder steps
 * and seed, others kept), {@code attack/summary.json} and one PNG grid per round and head. Deterministic on CPU
 * for a given run directory and attack settings ({@code attack.threads} intra-op threads).
 */
public final class ReconstructionAttack {

    /** The threat model, as the output, the summary and the report state it. */
    public static final String THREAT_MODEL = "An honest-but-curious server that knows the head architecture and the"
            + " head weights at the attacked round (white-box) and owns the server holdout of the prepared dataset."
            + " It trains an inversion decoder on pairs (what it would receive, image) made from its holdout: the"
            + " known head, the method's client transform (DP clipping to C and Gaussian noise σ·C for dp-cutmixsl),"
            + " tokens punched with masks drawn like the method's mixing plans (the server makes the plans, so it"
            + " knows their distribution) and the codec's quantisation. It then reconstructs the attacked clients'"
            + " images from exactly what it received from them in that round.";

    /** What the attack reports for centralized training. */
    public static final String NOTHING_RECEIVED = "nothing received: centralized training pools the data at the"
            + " server and sends no smashed data, so there is no upload to attack (and no privacy at all)";

    /** The attack's files inside a run directory. */
    public static final String RESULTS_CSV = "attack/results.csv";
    /** The attack's summary inside a run directory. */
    public static final String SUMMARY_JSON = "attack/summary.json";
    /** Head snapshots kept by the job. */
    public static final String HEADS_DIR = "attack/heads";

    private static final long TARGET_STREAM = 0x746172676574L;
    private static final long HOLDOUT_STREAM = 0x686f6c646f7574L;
    private static final long PLAN_STREAM = 0x706c616e73L;
    private static final long NOISE_STREAM = 0x6e6f697365L;
    private static final long DECODER_STREAM = 0x6465636f646572L;

    private ReconstructionAttack() {}

    /**
     * Attacks a finished run.
     *
     * @param spark the session (reads the dataset's Parquet)
     * @param runDir the run directory
     * @param overrides {@code attack.*} settings ({@code key=value}); other keys are refused, since they would
     *     change what is recomputed
     * @param console progress and results
     * @return what the attack found
     * @throws AttackProblem naming what is missing
     * @throws IllegalArgumentException for a bad override
     */
    public static Outcome run(SparkSession spark, String runDir, List<String> overrides, PrintStream console) {
        for (String o : overrides) {
            if (!o.trim().startsWith("attack.")) {
                throw new IllegalArgumentException("--set " + o + ": the attack takes attack.* settings only (the rest"
                        + " of the configuration is the run's own, from its config.conf)");
            }
        }
        RunDirectory run = new RunDirectory(runDir, spark.sparkContext().hadoopConfiguration());
        if (!run.exists("config.conf")) {
            throw new AttackProblem("--run " + run.display() + " is not a run directory (no config.conf)");
        }
        if (!run.isComplete()) {
            throw new AttackProblem("--run " + run.display() + " is not a finished run (no " + RunDirectory.SUCCESS
                    + "): finish it first (bin/cutmixsl train --resume)");
        }
        TrainConfig config;
        try {
            config = ConfigLoader.loadRecorded(run.readText("config.conf"), run.display() + "/config.conf", overrides);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(run.display() + "/config.conf: " + e.getMessage(), e);
        }
        PreparedDataset dataset = dataset(run, config);
        SplitMethod method = SplitMethods.create(config,
                TrainingSubset.sizes(dataset.clientSampleCounts(), config.data.fraction));
        if (!method.communicates()) {
            console.println(method.name() + ": " + NOTHING_RECEIVED);
            run.writeText(SUMMARY_JSON, nothingReceived(method, config));
            return new Outcome(method.name(), false, List.of());
        }
        List<Integer> rounds = keptRounds(run);
        if (rounds.isEmpty()) {
            throw new AttackProblem("--run " + run.display() + " has no " + HEADS_DIR + "/round-NNNNNN: the run kept no"
                    + " head snapshots (training keeps them at attack.rounds, default the last round; train the run"
                    + " again with this version)");
        }
        if (dataset.holdoutPath().isEmpty()) {
            throw new AttackProblem("the run's dataset " + dataset.root() + " has no server holdout, and the attacker"
                    + " trains on it: prepare with data.serverHoldout > 0 (bin/cutmixsl prepare --server-holdout H),"
                    + " then train again");
        }
        Autograd.setThreads(config.attackThreads);
        Holdout holdout = Holdout.read(spark, dataset);
        console.println("threat model: " + THREAT_MODEL);
        console.println(String.format(Locale.ROOT, "attacking %s (%s), rounds %s: %d clients per round, decoder %d"
                        + " steps of %d holdout images (%d in the holdout)", run.display(), method.name(), rounds,
                Math.min(config.attackClients, config.clientsPerRound), config.attackDecoderSteps,
                config.attackDecoderBatchSize, holdout.count()));
        List<Result> results = new ArrayList<>();
        for (int round : rounds) {
            results.addAll(attackRound(spark, run, config, method, dataset, holdout, round, console));
        }
        writeResults(run, results);
        run.writeText(SUMMARY_JSON, summary(method, config, holdout, rounds, results));
        Outcome outcome = new Outcome(method.name(), true, results);
        console.println(String.format(Locale.ROOT, "%s: MSE %.5f, PSNR %.2f dB, SSIM %.3f over %d images (round %d)",
                method.name(), outcome.mse(), outcome.psnr(), outcome.ssim(), outcome.images(), outcome.lastRound()));
        return outcome;
    }

    /** The rounds whose heads the run kept, ascending. */
    static List<Integer> keptRounds(RunDirectory run) {
        List<Integer> rounds = new ArrayList<>();
        for (String name : run.list(HEADS_DIR)) {
            if (name.matches("round-\\d{6}")) {
                rounds.add(Integer.parseInt(name.substring("round-".length())));
            }
        }
        rounds.sort(null);
        return rounds;
    }

    private static PreparedDataset dataset(RunDirectory run, TrainConfig config) {
        String root = config.data.dir;
        if (run.exists("summary.json")) {
            try {
                String recorded = new ObjectMapper().readTree(run.readText("summary.json")).path("dataset").asText("");
                if (!recorded.isBlank()) {
                    root = recorded;
                }
            } catch (java.io.IOException e) {
                throw new AttackProblem(run.display() + "/summary.json is not JSON: " + e.getMessage());
            }
        }
        try {
            return PreparedDataset.open(root);
        } catch (RuntimeException e) {
            throw new AttackProblem("the run's dataset " + root + " cannot be opened: " + e.getMessage());
        }
    }

    private static List<Result> attackRound(SparkSession spark, RunDirectory run, TrainConfig config,
                                            SplitMethod method, PreparedDataset dataset, Holdout holdout, int round,
                                            PrintStream console) {
        int r = round - 1;
        int[] participants = Participation.draw(config.seed, r, config.clientCount, config.clientsPerRound);
        List<int[]> steps = method.steps(participants, r);
        int[] targets = sample(participants, config.attackClients, Seeds.mix(config.seed, TARGET_STREAM, round));
        String dir = String.format(Locale.ROOT, "%s/round-%06d", HEADS_DIR, round);
        byte[] global = run.exists(dir + "/global.params") ? run.readBytes(dir + "/global.params") : null;

        // Distinct heads among the targets, in target order: the server trains one decoder per head it knows.
        Map<String, List<Integer>> byHead = new LinkedHashMap<>();
        Map<String, byte[]> headBytes = new LinkedHashMap<>();
        for (int client : targets) {
            String file = String.format(Locale.ROOT, "%s/client-%d.params", dir, client);
            if (!run.exists(file)) {
                throw new AttackProblem("--run " + run.display() + " has no " + file + ": the head client " + client
                        + " used in round " + round + " was not kept (train the run again with this version)");
            }
            byte[] bytes = run.readBytes(file);
            String label = null;
            for (Map.Entry<String, byte[]> e : headBytes.entrySet()) {
                if (Arrays.equals(e.getValue(), bytes)) {
                    label = e.getKey();
                }
            }
            if (label == null) {
                label = global != null && Arrays.equals(global, bytes) ? "global" : "client-" + client;
                headBytes.put(label, bytes);
                byHead.put(label, new ArrayList<>());
            }
            byHead.get(label).add(client);
        }

        Map<Integer, ClientImages> images = ClientImages.read(spark, dataset, targets, config);
        // The attacker is the server: its decoder and the heads it replays compute where the run's server step did.
        Device device = DeviceResolver.forDriver(config.device, spark.sparkContext());
        List<Result> results = new ArrayList<>();
        int headIndex = 0;
        for (Map.Entry<String, List<Integer>> entry : byHead.entrySet()) {
            long started = System.nanoTime();
            String head = entry.getKey();
            List<Integer> clients = entry.getValue();
            try (ClientHead clientHead = new ClientHead(config.model, config.clientOptim, device, config.seed)) {
                clientHead.loadParameters(ParameterVector.fromBytes(headBytes.get(head)));
                List<Received> received = new ArrayList<>();
                for (int client : clients) {
                    received.add(received(config, method, clientHead, images.get(client), steps, r, client));
                }
                long decoderSeed = Seeds.mix(config.seed, DECODER_STREAM, round, headIndex);
                int[] template = stepOf(steps, clients.get(0));
                HoldoutPairs pairs = new HoldoutPairs(config, method, clientHead, holdout, template,
                        Seeds.mix(config.seed, HOLDOUT_STREAM, round, headIndex));
                float[] losses;
                float[] reconstructions;
                float[] originals;
                int n;
                try (InversionDecoder decoder = new InversionDecoder(config.model, device, decoderSeed)) {
                    losses = decoder.train(pairs, config.attackDecoderSteps, config.attackDecoderLr);
                    Received all = Received.concat(received);
                    n = all.size();
                    reconstructions = decoder.reconstruct(all.smashed(), all.mask(), n);
                    originals = all.images();
                }
                ViTConfig m = config.model;
                ImageQuality.Scores scores = ImageQuality.compare(originals, reconstructions, n, m.imageHeight(),
                        m.imageWidth(), m.channels(), 1.0);
                String grid = String.format(Locale.ROOT, "attack/grid-round-%06d-%s.png", round, head);
                int shown = Math.min(config.attackGridImages, n);
                int values = m.imageValues();
                run.writeBytes(grid, ReconstructionGrid.png(Arrays.copyOf(originals, shown * values),
                        Arrays.copyOf(reconstructions, shown * values), shown, m.imageHeight(), m.imageWidth(),
                        m.channels(), ReconstructionGrid.DEFAULT_SCALE, ReconstructionGrid.DEFAULT_SEPARATOR));
                StringBuilder ids = new StringBuilder();
                for (int c : clients) {
                    ids.append(ids.length() == 0 ? "" : " ").append(c);
                }
                Result result = new Result(method.name(), round, head, ids.toString(), n, scores.meanMse(),
                        scores.meanPsnr(), scores.meanSsim(), config.attackDecoderSteps, losses[losses.length - 1],
                        config.seed, grid.substring("attack/".length()), (System.nanoTime() - started) / 1e9);
                console.println(String.format(Locale.ROOT, "round %d, head %s (clients %s): %d images, MSE %.5f,"
                                + " PSNR %.2f dB, SSIM %.3f; decoder loss %.4f → %.4f; %.1f s", round, head, ids, n,
                        result.mse(), result.psnr(), result.ssim(), losses[0], losses[losses.length - 1],
                        result.seconds()));
                results.add(result);
            }
            headIndex++;
        }
        return results;
    }

    /** Exactly what the server received from a client in round r: decoded payload, punched tokens zero. */
    private static Received received(TrainConfig config, SplitMethod method, ClientHead head, ClientImages data,
                                     List<int[]> steps, int r, int client) {
        int step = -1;
        for (int s = 0; s < steps.size(); s++) {
            if (Arrays.binarySearch(sorted(steps.get(s)), client) >= 0) {
                step = s;
            }
        }
        int[] stepClients = steps.get(step);
        ViTConfig m = config.model;
        PatchGrid grid = new PatchGrid(m.gridRows(), m.gridCols());
        StepLayout layout = method.layout(config.seed, r, step, sorted(stepClients), config.batchSize, grid);
        int[] indices = MinibatchSampler.indices(config.seed, client, method.minibatchIndex(r, step), data.count(),
                config.batchSize);
        ImageBatch batch = data.batch(indices);
        SmashedTransform transform = method.transform(layout, client, config.seed, r, step);
        return Received.of(batch, head.smash(batch, transform), layout.selection(client), m, method);
    }

    private static int[] stepOf(List<int[]> steps, int client) {
        for (int[] s : steps) {
            if (Arrays.binarySearch(sorted(s), client) >= 0) {
                return sorted(s);
            }
        }
        throw new IllegalStateException("client " + client + " takes part in no step");
    }

    private static int[] sorted(int[] a) {
        int[] s = a.clone();
        Arrays.sort(s);
        return s;
    }

    /** A seeded sample of at most k of the ids, ascending. */
    static int[] sample(int[] ids, int k, long seed) {
        int[] positions = Shuffles.sortedDraw(ids.length, k, new SplittableRandom(seed));
        int[] out = new int[positions.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids[positions[i]];
        }
        Arrays.sort(out);
        return out;
    }

    // ---- what the server receives

    /** Received tokens (B·P·D, zero where punched), the mask (B·P) and the images (B·H·W·C in [0, 1]). */
    record Received(int size, float[] smashed, float[] mask, float[] images) {

        static Received of(ImageBatch batch, float[] smashed, TokenSelection kept, ViTConfig m, SplitMethod method) {
            int b = batch.size();
            int p = m.patchCount();
            byte[] payload = TokenCodec.encode(smashed, b, p, m.width(), kept, method.encoding());
            float[] decoded = new float[b * p * m.width()];
            TokenCodec.decodeInto(payload, decoded, 0);
            float[] mask = new float[b * p];
            for (int s = 0; s < b; s++) {
                for (int i : kept.indices(s)) {
                    mask[s * p + i] = 1f;
                }
            }
            return new Received(b, decoded, mask, ImageQuality.toUnitRange(batch.pixels()));
        }

        static Received concat(List<Received> parts) {
            int size = 0;
            for (Received r : parts) {
                size += r.size();
            }
            float[] s = new float[0];
            float[] k = new float[0];
            float[] i = new float[0];
            for (Received r : parts) {
                s = append(s, r.smashed());
                k = append(k, r.mask());
                i = append(i, r.images());
            }
            return new Received(size, s, k, i);
        }

        private static float[] append(float[] a, float[] b) {
            float[] out = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
    }

    /**
     * The decoder's training batches: holdout images through the known head, the method's transform with the
     * attack's own noise, masks of plans the server draws itself with the method's planner, and the codec.
     * Batch t depends only on (seeds, t).
     */
    static final class HoldoutPairs implements Iterator<AttackBatch> {
        private final TrainConfig config;
        private final SplitMethod method;
        private final ClientHead head;
        private final Holdout holdout;
        private final int[] template;
        private final long seed;
        private final PatchGrid grid;
        private int t;

        HoldoutPairs(TrainConfig config, SplitMethod method, ClientHead head, Holdout holdout, int[] template,
                     long seed) {
            this.config = config;
            this.method = method;
            this.head = head;
            this.holdout = holdout;
            this.template = template;
            this.seed = seed;
            this.grid = new PatchGrid(config.model.gridRows(), config.model.gridCols());
        }

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public AttackBatch next() {
            int b = config.attackDecoderBatchSize;
            int[] indices = MinibatchSampler.indices(seed, 0, t, holdout.count(), b);
            ImageBatch batch = holdout.batch(indices);
            StepLayout layout = method.layout(Seeds.mix(seed, PLAN_STREAM), t, 0, template, b, grid);
            int member = template[t % template.length];
            SmashedTransform transform = method.transform(layout, member, Seeds.mix(seed, NOISE_STREAM), t, 0);
            Received r = Received.of(batch, head.smash(batch, transform), layout.selection(member), config.model,
                    method);
            t++;
            return new AttackBatch(b, r.smashed(), r.mask(), r.images());
        }
    }

    // ---- results

    /**
     * One row of attack/results.csv: one attacked round and head.
     *
     * @param method the run's method
     * @param round the attacked round (1-based)
     * @param head "global" or "client-K"
     * @param clients the attacked clients that used this head, space-separated
     * @param images reconstructed images
     * @param mse mean over images, values in [0, 1]
     * @param psnr mean over images, dB
     * @param ssim mean over images
     * @param decoderSteps decoder training steps
     * @param decoderLoss the decoder's last training loss (MSE in [−1, 1] scale)
     * @param seed the run's seed
     * @param grid the PNG grid, relative to attack/
     * @param seconds wall time of this row
     */
    public record Result(String method, int round, String head, String clients, int images, double mse, double psnr,
                         double ssim, int decoderSteps, double decoderLoss, long seed, String grid, double seconds) {

        /** CSV header of attack/results.csv. */
        public static final String HEADER = "method,round,head,clients,n_images,mse,psnr,ssim,decoder_steps,"
                + "decoder_loss,seed,grid,seconds";

        String toCsv() {
            return String.format(Locale.ROOT, "%s,%d,%s,%s,%d,%s,%s,%s,%d,%s,%d,%s,%.3f", method, round, head, clients,
                    images, mse, psnr, ssim, decoderSteps, decoderLoss, seed, grid, seconds);
        }

        static Result fromCsv(String line) {
            String[] f = line.split(",", -1);
            if (f.length != 13) {
                throw new IllegalArgumentException("attack results row has " + f.length + " columns, expected 13: "
                        + line);
            }
            return new Result(f[0], Integer.parseInt(f[1]), f[2], f[3], Integer.parseInt(f[4]),
                    Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                    Integer.parseInt(f[8]), Double.parseDouble(f[9]), Long.parseLong(f[10]), f[11],
                    Double.parseDouble(f[12]));
        }

        boolean sameSettings(Result o) {
            return round == o.round && head.equals(o.head) && decoderSteps == o.decoderSteps && seed == o.seed;
        }
    }

    /**
     * What one attack found.
     *
     * @param method the run's method
     * @param attacked false when the method sends nothing (centralized)
     * @param results one row per attacked round and head
     */
    public record Outcome(String method, boolean attacked, List<Result> results) {

        /** @return the last attacked round */
        public int lastRound() {
            int last = 0;
            for (Result r : results) {
                last = Math.max(last, r.round());
            }
            return last;
        }

        /** @return images reconstructed in the last attacked round */
        public int images() {
            int n = 0;
            for (Result r : results) {
                n += r.round() == lastRound() ? r.images() : 0;
            }
            return n;
        }

        /** @return mean MSE over the images of the last attacked round (NaN when nothing was attacked) */
        public double mse() {
            return mean(Result::mse);
        }

        /** @return mean PSNR over the images of the last attacked round */
        public double psnr() {
            return mean(Result::psnr);
        }

        /** @return mean SSIM over the images of the last attacked round */
        public double ssim() {
            return mean(Result::ssim);
        }

        private double mean(java.util.function.ToDoubleFunction<Result> f) {
            double sum = 0;
            int n = 0;
            for (Result r : results) {
                if (r.round() == lastRound()) {
                    sum += f.applyAsDouble(r) * r.images();
                    n += r.images();
                }
            }
            return n == 0 ? Double.NaN : sum / n;
        }
    }

    private static void writeResults(RunDirectory run, List<Result> fresh) {
        List<Result> rows = new ArrayList<>();
        if (run.exists(RESULTS_CSV)) {
            String[] lines = run.readText(RESULTS_CSV).split("\n");
            for (int i = 1; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    Result old = Result.fromCsv(lines[i]);
                    if (fresh.stream().noneMatch(old::sameSettings)) {
                        rows.add(old);
                    }
                }
            }
        }
        rows.addAll(fresh);
        StringBuilder csv = new StringBuilder(Result.HEADER).append('\n');
        for (Result r : rows) {
            csv.append(r.toCsv()).append('\n');
        }
        run.writeText(RESULTS_CSV, csv.toString());
    }

    private static String summary(SplitMethod method, TrainConfig config, Holdout holdout, List<Integer> rounds,
                                  List<Result> results) {
        Outcome outcome = new Outcome(method.name(), true, results);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("method", method.name());
        root.put("attacked", true);
        root.put("result", "reconstructed");
        root.put("threat_model", THREAT_MODEL);
        root.put("received", method.privacyNote());
        root.put("seed", config.seed);
        root.put("round", outcome.lastRound());
        root.put("n_images", outcome.images());
        root.put("mse", outcome.mse());
        root.put("psnr", outcome.psnr());
        root.put("ssim", outcome.ssim());
        ArrayNode attacked = root.putArray("rounds");
        rounds.forEach(attacked::add);
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("steps", config.attackDecoderSteps);
        decoder.put("batch_size", config.attackDecoderBatchSize);
        decoder.put("lr", config.attackDecoderLr);
        decoder.put("holdout_images", holdout.count());
        decoder.put("clients_per_round", config.attackClients);
        ArrayNode rows = root.putArray("results");
        for (Result r : results) {
            ObjectNode row = rows.addObject();
            row.put("round", r.round());
            row.put("head", r.head());
            row.put("clients", r.clients());
            row.put("n_images", r.images());
            row.put("mse", r.mse());
            row.put("psnr", r.psnr());
            row.put("ssim", r.ssim());
            row.put("decoder_loss", r.decoderLoss());
            row.put("grid", r.grid());
            row.put("seconds", r.seconds());
        }
        return root.toPrettyString() + "\n";
    }

    private static String nothingReceived(SplitMethod method, TrainConfig config) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("method", method.name());
        root.put("attacked", false);
        root.put("result", "nothing received");
        root.put("reason", NOTHING_RECEIVED);
        root.put("threat_model", THREAT_MODEL);
        root.put("seed", config.seed);
        return root.toPrettyString() + "\n";
    }

    // ---- data

    /** The server holdout's images, by ascending sample id. */
    record Holdout(byte[] pixels, int[] labels, int imageValues) {

        static Holdout read(SparkSession spark, PreparedDataset dataset) {
            List<Row> rows = dataset.readHoldout(spark).orElseThrow().orderBy("sample_id").collectAsList();
            int values = dataset.height() * dataset.width() * dataset.channels();
            byte[] pixels = new byte[rows.size() * values];
            int[] labels = new int[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                labels[i] = row.getInt(row.fieldIndex("label"));
                System.arraycopy((byte[]) row.get(row.fieldIndex("image")), 0, pixels, i * values, values);
            }
            return new Holdout(pixels, labels, values);
        }

        int count() {
            return labels.length;
        }

        ImageBatch batch(int[] indices) {
            return ClientImages.gather(pixels, labels, imageValues, indices);
        }
    }

    /**
     * One client's training samples in the order its shard holds them (ascending sample id): its
     * {@link TrainingSubset} under the run's data.fraction, as in training.
     */
    record ClientImages(byte[] pixels, int[] labels, int imageValues) {

        static Map<Integer, ClientImages> read(SparkSession spark, PreparedDataset dataset, int[] clients,
                                               TrainConfig config) {
            Object[] ids = Arrays.stream(clients).boxed().toArray();
            List<Row> rows = TrainingSubset.rows(dataset.readTrain(spark), dataset.clientSampleCounts(), config.seed,
                            config.data.fraction).where(col("client_id").isin(ids))
                    .orderBy("client_id", "sample_id").collectAsList();
            int values = dataset.height() * dataset.width() * dataset.channels();
            Map<Integer, ClientImages> out = new LinkedHashMap<>();
            for (int client : clients) {
                List<Row> own = new ArrayList<>();
                for (Row row : rows) {
                    if (row.getInt(row.fieldIndex("client_id")) == client) {
                        own.add(row);
                    }
                }
                byte[] pixels = new byte[own.size() * values];
                int[] labels = new int[own.size()];
                for (int i = 0; i < own.size(); i++) {
                    labels[i] = own.get(i).getInt(own.get(i).fieldIndex("label"));
                    System.arraycopy((byte[]) own.get(i).get(own.get(i).fieldIndex("image")), 0, pixels, i * values,
                            values);
                }
                out.put(client, new ClientImages(pixels, labels, values));
            }
            return out;
        }

        int count() {
            return labels.length;
        }

        ImageBatch batch(int[] indices) {
            return gather(pixels, labels, imageValues, indices);
        }

        static ImageBatch gather(byte[] pixels, int[] labels, int values, int[] indices) {
            byte[] out = new byte[indices.length * values];
            int[] outLabels = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(pixels, indices[i] * values, out, i * values, values);
                outLabels[i] = labels[indices[i]];
            }
            return new ImageBatch(indices.length, out, outLabels);
        }
    }
}
