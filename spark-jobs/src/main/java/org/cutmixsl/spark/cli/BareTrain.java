package org.cutmixsl.spark.cli;

import ai.djl.Device;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.cli.PositiveInt;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.data.prepare.DatasetPreparer;
import org.cutmixsl.data.prepare.PrepareOptions;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.device.DeviceOption;
import org.cutmixsl.model.mixer.ConcatBatcher;
import org.cutmixsl.model.mixer.CutMixMixer;
import org.cutmixsl.model.mixer.GroupMixer;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.plan.PlanConfig;
import org.cutmixsl.model.train.BareLoop;
import org.cutmixsl.model.train.BareLoopBench;
import org.cutmixsl.model.train.ClientSamples;
import org.cutmixsl.model.train.ImageBatch;
import org.cutmixsl.model.vit.PixelScaling;
import org.cutmixsl.model.vit.ViTConfig;
import org.cutmixsl.spark.job.DataProblem;
import org.cutmixsl.spark.method.SplitMethods;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code bare-train}: the single-JVM bare loop ({@link BareLoop}, no Spark in the training) on a prepared dataset
 * held in memory. Spark is used only before training, to prepare the dataset when it is missing and to read its
 * Parquet; the session is stopped before the first round. Prints a progress line every 50 rounds and, as its last
 * line, {@code test_accuracy=<fraction>}. {@code bare-train --help} lists the options and says why the defaults are
 * what they are.
 */
@Command(name = "bare-train", customSynopsis = BareTrain.SYNOPSIS, description = BareTrain.DESCRIPTION,
        footer = BareTrain.WHY_THE_DEFAULTS)
public final class BareTrain extends Subcommand {

    /** Rounds between progress lines. */
    static final int PROGRESS_EVERY = 50;

    static final String SYNOPSIS = "bare-train [--preset fmnist-tiny] [--method cutmixsl|sfl] [--clients N] [--epochs E]"
            + " [--data DIR]%n                  [--source DIR] [--batch B] [--seed S] [--lr LR] [--warmup STEPS]"
            + " [--threads T]%n                  [--rounds R]";

    static final String DESCRIPTION = "%nTrains the bare loop (CutMixSL in one JVM: every client's head forward, punch"
            + " and fp16 encode; decode, CutMix, body and tail forward and backward, gradient split; every client's head"
            + " backward and step; FedAvg of the heads every round) and prints the test accuracy. The data are held in"
            + " memory.%n";

    /** Why the defaults are what they are: the end of the help. */
    static final String WHY_THE_DEFAULTS = "%nLearning rate and warm-up were chosen by measurement: the server takes"
            + " one AdamW step per round on%n(clients/G) x B = 64 CutMixed samples, so 3 epochs of 2 clients are only"
            + " 1406 small, noisy steps, and the%njob's defaults (lr 0.001, 10 warm-up steps: conf/defaults.conf) stay"
            + " below 80%%. Test accuracy after%nbare-train --preset fmnist-tiny --method cutmixsl --clients 2 --epochs 3"
            + " (seed 7, 2026-11-26, 2 cores):%n"
            + "    lr 0.001, warm-up  10:  79.01%%%n"
            + "    lr 0.002, warm-up 100:  80.77%%%n"
            + "    lr 0.003, warm-up 100:  81.31%%   <- the defaults%n"
            + "    lr 0.005, warm-up 100:  79.62%%%n"
            + "Weight decay 0.05 and the cosine decay to 5%% of the peak are the job's defaults.";

    @Option(names = "--preset", paramLabel = "NAME", converter = Preset.class,
            description = "model preset (default fmnist-tiny)")
    ViTConfig model = ViTConfig.preset("fmnist-tiny");

    @Option(names = "--method", paramLabel = "cutmixsl|sfl", converter = Method.class, description = {
        "cutmixsl (default), or sfl (SplitFed: groups of one client, concatenated, full smashed data);",
        "psl keeps a head per client, which the bare loop does not: use bin/cutmixsl train"})
    String method = "cutmixsl";

    @Option(names = "--clients", paramLabel = "N", converter = PositiveInt.class,
            description = "N clients, all in every round, mixed in groups of 2 (default 2)")
    int clients = 2;

    @Option(names = "--epochs", paramLabel = "E", converter = PositiveInt.class,
            description = "E; rounds = E x (smallest client's samples) / B (default 3)")
    int epochs = 3;

    @Option(names = "--data", paramLabel = "DIR", description = {"a prepared dataset (bin/cutmixsl prepare) split"
            + " among N clients; default", "data/fashion-mnist-c<N>-iid, prepared (IID, --seed) from --source when"
            + " missing"})
    String data;

    @Option(names = "--source", paramLabel = "DIR",
            description = "raw Fashion-MNIST files (default /usr/share/datasets/fashion-mnist)")
    Path source = Paths.get("/usr/share/datasets/fashion-mnist");

    @Option(names = "--batch", paramLabel = "B", converter = PositiveInt.class,
            description = "B, samples per client per round (default 64)")
    int batch = 64;

    @Option(names = "--seed", paramLabel = "S",
            description = "seed of weights, plans, minibatches and of the clients' shares it prepares (default 7)")
    long seed = 7;

    @Option(names = "--lr", paramLabel = "LR", description = "peak learning rate of server and client AdamW (default"
            + " 0.003)")
    float lr = 0.003f;

    @Option(names = "--warmup", paramLabel = "STEPS",
            description = "linear warm-up steps before the cosine decay to 5%% of the peak (default 100)")
    int warmup = 100;

    @Option(names = "--rounds", paramLabel = "R", converter = PositiveInt.class,
            description = "R rounds instead of the epochs' (quick checks)")
    int rounds;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--threads", paramLabel = "T", converter = PositiveInt.class, description = {
        "intra-op threads of server and clients (default: every core); the loop runs the clients",
        "one after another in one thread, so server and clients may each use every core"})
    int threads = Runtime.getRuntime().availableProcessors();

    /** @param args see {@code bare-train --help} */
    public static void main(String[] args) {
        exit(new BareTrain(), args);
    }

    @Override
    public Integer call() {
        if (SplitMethods.traits(method).cutMix() && clients < 2) {
            throw new IllegalArgumentException("--clients " + clients + ": CutMixSL mixes groups of 2 clients;"
                    + " give at least 2");
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup " + warmup + ": expected an integer ≥ 0");
        }
        if (!(lr > 0) || !Float.isFinite(lr)) {
            throw new IllegalArgumentException("--lr " + lr + ": expected a positive number");
        }
        Data loaded;
        try {
            loaded = load(this, err);
        } catch (IllegalArgumentException e) {
            throw new DataProblem(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DataProblem("the data could not be prepared or read: " + e, e);
        }
        double accuracy = train(this, loaded, out);
        out.println("test_accuracy=" + accuracy);
        return ExitCodes.OK;
    }

    /**
     * Trains and evaluates.
     *
     * @param o the command and its options
     * @param data the clients' samples and the test split
     * @param out progress lines
     * @return the test accuracy
     */
    static double train(BareTrain o, Data data, PrintStream out) {
        int smallest = Integer.MAX_VALUE;
        for (ClientSamples c : data.clients()) {
            smallest = Math.min(smallest, c.size());
        }
        int rounds = o.rounds > 0 ? o.rounds : Math.max(1, (int) ((long) o.epochs * smallest / o.batch));
        OptimizerConfig server = BareLoopBench.defaultOptimizer("server.optim", o.lr, o.warmup, rounds);
        OptimizerConfig client = BareLoopBench.defaultOptimizer("client.optim", o.lr, o.warmup, rounds);
        boolean cutmix = SplitMethods.traits(o.method).cutMix();
        PlanConfig plan = cutmix ? PlanConfig.defaults()
                : PlanConfig.defaults().withGroupSize(1).withRatio(PlanConfig.RatioMode.FIXED);
        GroupMixer mixer = cutmix ? new CutMixMixer() : new ConcatBatcher();
        Device device = o.device.device();
        BareLoop.Settings settings = new BareLoop.Settings(o.model, plan, Encoding.FP16, o.batch, server, client, o.seed,
                o.threads, o.threads, 1024, device);
        out.println(String.format(Locale.ROOT, "bare-train: %s, %s, %d clients (%d to %d samples), batch %d, %d rounds"
                        + " (%.2f epochs), lr %s, warm-up %d, %d threads, %s", o.method, o.model.name(),
                data.clients().size(), smallest, largest(data.clients()), o.batch, rounds,
                (double) rounds * o.batch / smallest, o.lr, o.warmup, o.threads, device));
        out.flush();
        long start = System.nanoTime();
        try (BareLoop loop = new BareLoop(settings, data.clients(), mixer)) {
            double lossSum = 0;
            int lossCount = 0;
            long windowStart = start;
            for (int r = 0; r < rounds; r++) {
                lossSum += loop.round(r);
                lossCount++;
                if ((r + 1) % PROGRESS_EVERY == 0 || r == rounds - 1) {
                    long now = System.nanoTime();
                    double images = (double) lossCount * data.clients().size() * o.batch;
                    double elapsed = (now - start) / 1e9;
                    long left = Math.round(elapsed / (r + 1) * (rounds - r - 1));
                    out.println(String.format(Locale.ROOT,
                            "round %d/%d  epoch %.2f  loss %.4f  %.0f images/s  %.0f s  left %d:%02d", r + 1, rounds,
                            (double) (r + 1) * o.batch / smallest, lossSum / lossCount,
                            images / ((now - windowStart) / 1e9), elapsed, left / 60, left % 60));
                    out.flush();
                    lossSum = 0;
                    lossCount = 0;
                    windowStart = now;
                }
            }
            double trained = (System.nanoTime() - start) / 1e9;
            double accuracy = loop.accuracy(data.test());
            double total = (System.nanoTime() - start) / 1e9;
            out.println(String.format(Locale.ROOT, "test accuracy %.2f%% on %d images; training %.1f s (%.0f images/s),"
                            + " with evaluation %.1f s", 100 * accuracy, data.testImages(), trained,
                    (double) rounds * data.clients().size() * o.batch / trained, total));
            return accuracy;
        }
    }

    private static int largest(List<ClientSamples> clients) {
        int max = 0;
        for (ClientSamples c : clients) {
            max = Math.max(max, c.size());
        }
        return max;
    }

    /**
     * @param clients every client's samples, ids 0..N−1, sorted by sample id (as the Spark job's shards)
     * @param test the test split in evaluation batches, by sample id
     * @param testImages test images in all
     */
    record Data(List<ClientSamples> clients, List<ImageBatch> test, int testImages) {}

    /** Finds or prepares the dataset, reads it into memory with a local Spark session, and stops the session. */
    static Data load(BareTrain o, PrintStream err) {
        Path dir = Paths.get(o.data != null ? o.data : "data/fashion-mnist-c" + o.clients + "-iid").toAbsolutePath()
                .normalize();
        // A session already running in this JVM (tests) is used and left running; one made here is stopped.
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SparkSessions.create("CutMixSL bare-train (data)");
        try {
            PreparedDataset dataset;
            if (Files.exists(dir.resolve(PreparedDataset.MANIFEST))) {
                dataset = PreparedDataset.open(dir.toString());
            } else if (o.data != null) {
                throw new IllegalArgumentException("--data " + dir + " holds no prepared dataset (" + PreparedDataset.MANIFEST
                        + " is missing); prepare one with bin/cutmixsl prepare, or leave --data out");
            } else {
                if (!Files.isDirectory(o.source)) {
                    throw new IllegalArgumentException("Fashion-MNIST is missing from " + o.source
                            + " (install it: sudo apt-get install dataset-fashion-mnist, or give --source DIR)");
                }
                err.println("bare-train: preparing " + dir + " (IID over " + o.clients + " clients, seed " + o.seed + ")");
                dataset = DatasetPreparer.prepare(spark, PrepareOptions.builder()
                        .dataset("fashion-mnist")
                        .source(o.source)
                        .clients(o.clients)
                        .shares("iid")
                        .seed(o.seed)
                        .out(dir)
                        .build());
            }
            ViTConfig m = o.model;
            if (dataset.height() != m.imageHeight() || dataset.width() != m.imageWidth()
                    || dataset.channels() != m.channels() || dataset.numClasses() != m.classes()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s holds %dx%dx%d images of %d classes, but --preset %s expects %dx%dx%d and %d classes",
                        dir, dataset.height(), dataset.width(), dataset.channels(), dataset.numClasses(), m.name(),
                        m.imageHeight(), m.imageWidth(), m.channels(), m.classes()));
            }
            // the same input scaling as train's default (model.inputScaling = dataset)
            o.model = m.withInput(PixelScaling.standardise(dataset.kind().pixelMean(), dataset.kind().pixelStd()));
            if (dataset.clients() != o.clients) {
                throw new IllegalArgumentException(dir + " is split among " + dataset.clients()
                        + " clients, not --clients " + o.clients);
            }
            int values = m.imageValues();
            List<ClientSamples> clients = new ArrayList<>();
            List<List<Row>> byClient = new ArrayList<>();
            for (int c = 0; c < o.clients; c++) {
                byClient.add(new ArrayList<>());
            }
            for (Row row : dataset.readTrain(spark).select("client_id", "sample_id", "label", "image").collectAsList()) {
                byClient.get(row.getInt(0)).add(row);
            }
            for (int c = 0; c < o.clients; c++) {
                clients.add(samples(c, byClient.get(c), values));
            }
            List<Row> testRows = new ArrayList<>(dataset.readTest(spark)
                    .select("client_id", "sample_id", "label", "image").collectAsList());
            ClientSamples all = samples(-1, testRows, values);
            List<ImageBatch> test = new ArrayList<>();
            for (int start = 0; start < all.size(); start += PredictCommand.DEFAULT_BATCH) {
                int n = Math.min(PredictCommand.DEFAULT_BATCH, all.size() - start);
                int[] idx = new int[n];
                for (int i = 0; i < n; i++) {
                    idx[i] = start + i;
                }
                test.add(all.batch(idx));
            }
            return new Data(clients, test, all.size());
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    /** One client's rows, sorted by sample id, as in-memory samples. */
    private static ClientSamples samples(int client, List<Row> rows, int values) {
        rows.sort(Comparator.comparingLong(r -> r.getLong(1)));
        int[] labels = new int[rows.size()];
        byte[] pixels = new byte[rows.size() * values];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            labels[i] = r.getInt(2);
            byte[] image = (byte[]) r.get(3);
            if (image.length != values) {
                throw new IllegalArgumentException("sample " + r.getLong(1) + " holds " + image.length + " bytes, expected "
                        + values);
            }
            System.arraycopy(image, 0, pixels, i * values, values);
        }
        return new ClientSamples(client, labels, pixels, values);
    }

    /** {@code --preset NAME}: a model preset. */
    static final class Preset implements ITypeConverter<ViTConfig> {
        @Override
        public ViTConfig convert(String value) {
            try {
                return ViTConfig.preset(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --method cutmixsl|sfl}: the methods the bare loop runs; the others are refused, saying where they run. */
    static final class Method implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            String m = v.toLowerCase(Locale.ROOT);
            SplitMethods.Traits traits = SplitMethods.traits(m);
            if (traits != null && runsInTheBareLoop(traits)) {
                return m;
            }
            if (traits != null && traits.heads() == SplitMethods.Heads.PER_CLIENT) {
                throw new TypeConversionException("PSL keeps a head per client, which the bare loop does"
                        + " not (it averages heads every round); train PSL with bin/cutmixsl train --set method=psl");
            }
            throw new TypeConversionException("bare-train runs cutmixsl or sfl; every method runs in the"
                    + " Spark job (bin/cutmixsl train --set method=...)");
        }
    }

    /**
     * The bare loop runs every client in one step per round, concatenates or CutMixes their smashed data as it is
     * (no clipping, no noise) and averages heads every round: CutMixSL and SFL.
     *
     * @param method a method's traits
     * @return whether the bare loop runs that method
     */
    static boolean runsInTheBareLoop(SplitMethods.Traits method) {
        return method.mixing() != SplitMethods.Mixing.MIXUP && !method.transformsUploads()
                && (method.heads() == SplitMethods.Heads.FEDAVG_EVERY_ROUND
                        || method.heads() == SplitMethods.Heads.CONFIGURED);
    }
}
