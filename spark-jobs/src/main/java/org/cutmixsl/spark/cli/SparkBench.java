package org.cutmixsl.spark.cli;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.cli.PositiveInt;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.common.io.FileTrees;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.train.BareLoop;
import org.cutmixsl.model.train.ClientSamples;
import org.cutmixsl.spark.device.DeviceResolver;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.data.ClientDataSet;
import org.cutmixsl.spark.job.DatasetResolver;
import org.cutmixsl.spark.job.Training;
import org.cutmixsl.spark.method.SplitMethods;
import org.cutmixsl.spark.rdd.PartitionJobs;
import org.cutmixsl.spark.round.RoundMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench spark}: the Spark job's training throughput against the single-JVM bare loop, side by
 * side in one process, on the same data, clients, batch size and method (CutMixSL, fmnist-tiny, 10
 * clients, batch 64). An image per second means the same in both: client images trained per second of
 * training (warm-up rounds and evaluation excluded). Prints {@code spark_vs_bare=}, {@code
 * round_overhead_ms=} (Spark's seconds per round minus the bare loop's), {@code outside_server_overhead_ms=} (the
 * same without the server step's time in each) and the figures behind them.
 *
 * <p>The two loops run {@code --repeats} times, alternately (bare loop, job, bare loop, job, ...), and every
 * figure is the mean over all repeats' timed rounds: a slow stretch of a shared machine then falls on both
 * loops alike, where one bare loop before one job let the server step's time move by tens of ms between them.
 */
@Command(name = "bench spark", customSynopsis = SparkBench.SYNOPSIS,
        description = "The Spark job's training images/s against the bare loop's, same data, clients and method.")
public final class SparkBench extends Subcommand {

    /** Empty jobs run before, and then timed for, {@code spark_job_floor_ms}. */
    private static final int FLOOR_WARMUP = 30;
    private static final int FLOOR_JOBS = 100;

    static final String SYNOPSIS = "bench spark [--rounds N] [--warmup W] [--repeats R] [--set key=value ...]";

    @Option(names = "--rounds", paramLabel = "N", converter = PositiveInt.class, description = "measured rounds"
            + " (default 60)")
    int rounds = 60;

    @Option(names = "--warmup", paramLabel = "W", description = "rounds before the measurement (default 10)")
    int warmup = 10;

    @Option(names = "--repeats", paramLabel = "R", converter = PositiveInt.class, description = "bare loop and"
            + " job, alternately, R times each; figures over all of them (default 3)")
    int repeats = 3;

    @Option(names = "--set", paramLabel = "key=value", description = "a configuration override, after the"
            + " benchmark's own")
    List<String> settings = new ArrayList<>();

    /** @param args {@code [--rounds N] [--warmup W] [--repeats R] [--set key=value ...]} */
    public static void main(String[] args) {
        exit(new SparkBench(), args);
    }

    @Override
    public Integer call() throws Exception {
        List<String> overrides = new ArrayList<>(List.of("method=cutmixsl", "clients.count=10", "clients.batchSize=64",
                "data.dir=data/fashion-mnist-c10-iid", "data.shares=iid", "eval.every=1000000",
                "checkpoint.every=1000000", "privacy.every=1000000")); // measurements the bare loop does not make
        overrides.addAll(settings);
        // One round more, untimed, as in bench scale: the last round also measures distance correlation (with ND4J's
        // start, about a second, the first time), which is not a round's cost and which the bare loop does not make.
        overrides.add("train.rounds=" + (warmup + rounds + 1));
        TrainConfig config = ConfigLoader.load(null, overrides);
        // The bare loop runs every client with CutMix in every round: anything else would compare different work.
        SplitMethods.Traits method = SplitMethods.traits(config.method);
        if (!BareTrain.runsInTheBareLoop(method) || !method.cutMix() || config.clientsPerRound != config.clientCount) {
            throw new IllegalArgumentException("bench spark compares CutMixSL with every client in every round against"
                    + " the bare loop; got method=" + config.method + ", clients.perRound=" + config.clientsPerRound
                    + " of clients.count=" + config.clientCount + ": leave method and clients.perRound unset");
        }
        boolean ownSession = SparkSession.getDefaultSession().isEmpty(); // a caller's running session stays up
        SparkSession spark = SparkSessions.create("CutMixSL bench spark");
        try {
            PreparedDataset dataset = DatasetResolver.resolve(spark, config);
            // The bare loop computes where the job's server step does (the driver's device), for a like-for-like ratio.
            Device device = DeviceResolver.forDriver(config.device, spark.sparkContext());
            List<ClientSamples> clients = ClientDataSet.inMemory(spark, dataset, config.clientCount);
            double[] bareParts = new double[4]; // seconds: round, client forward, server, client backward
            double[] parts = new double[4]; // seconds: client forward, server, client backward, orchestration
            List<String> byRepeat = new ArrayList<>();
            ClientJobs clientJobs = new ClientJobs();
            spark.sparkContext().addSparkListener(clientJobs);
            double floor = 0; // seconds
            for (int repeat = 0; repeat < repeats; repeat++) {
                BareRounds b = bareLoop(config, clients, warmup, rounds, device);
                bareParts[0] += b.seconds() / repeats;
                bareParts[1] += b.clientForward() / repeats;
                bareParts[2] += b.server() / repeats;
                bareParts[3] += b.clientBackward() / repeats;
                double[] job = sparkJob(spark, config);
                double jobRound = 0;
                for (int i = 0; i < 4; i++) {
                    parts[i] += job[i] / repeats;
                    jobRound += job[i] / rounds;
                }
                byRepeat.add(String.format(Locale.ROOT, "%.3f", b.seconds() / jobRound));
                floor += jobFloor(spark, config) / repeats;
            }
            spark.sparkContext().listenerBus().waitUntilEmpty(); // the listener has seen every job
            spark.sparkContext().removeSparkListener(clientJobs);
            double jobsPerRound = (double) clientJobs.count.get() / repeats / config.rounds;
            double bare = bareParts[0];
            double sparkPerRound = (parts[0] + parts[1] + parts[2] + parts[3]) / rounds;
            double images = (double) config.clientsPerRound * config.batchSize;
            out.println(String.format(Locale.ROOT, "bare_loop_images_per_s=%.1f", images / bare));
            out.println(String.format(Locale.ROOT, "spark_images_per_s=%.1f", images / sparkPerRound));
            out.println(String.format(Locale.ROOT, "spark_vs_bare=%.3f", bare / sparkPerRound));
            out.println("spark_vs_bare_by_repeat=" + String.join(",", byRepeat));
            out.println(String.format(Locale.ROOT, "round_overhead_ms=%.1f", 1000 * (sparkPerRound - bare)));
            // The same step, body and tail, runs in both, yet its time moves by tens of ms between the two loops of
            // one run; this figure leaves it out: what the client stages and orchestration add to the bare loop's.
            double sparkOutsideServer = (parts[0] + parts[2] + parts[3]) / rounds;
            double bareOutsideServer = bareParts[1] + bareParts[3];
            out.println(String.format(Locale.ROOT, "outside_server_overhead_ms=%.1f",
                    1000 * (sparkOutsideServer - bareOutsideServer)));
            // Spark's fixed cost of a job, the least a client stage can take: with the client jobs a round runs, the
            // highest spark_vs_bare this round size allows on this machine, whatever the tasks do.
            out.println(String.format(Locale.ROOT, "spark_job_floor_ms=%.1f", 1000 * floor));
            out.println(String.format(Locale.ROOT, "client_jobs_per_round=%.2f", jobsPerRound));
            out.println(String.format(Locale.ROOT, "spark_vs_bare_ceiling=%.3f", bare / (bare + jobsPerRound * floor)));
            out.println(String.format(Locale.ROOT, "spark_client_forward_ms=%.1f", 1000 * parts[0] / rounds));
            out.println(String.format(Locale.ROOT, "spark_server_ms=%.1f", 1000 * parts[1] / rounds));
            out.println(String.format(Locale.ROOT, "spark_client_backward_ms=%.1f", 1000 * parts[2] / rounds));
            out.println(String.format(Locale.ROOT, "spark_orchestration_ms=%.1f", 1000 * parts[3] / rounds));
            out.println(String.format(Locale.ROOT, "bare_round_ms=%.1f", 1000 * bare));
            out.println(String.format(Locale.ROOT, "bare_client_forward_ms=%.1f", 1000 * bareParts[1]));
            out.println(String.format(Locale.ROOT, "bare_server_ms=%.1f", 1000 * bareParts[2]));
            out.println(String.format(Locale.ROOT, "bare_client_backward_ms=%.1f", 1000 * bareParts[3]));
            out.println("rounds_measured=" + rounds + " warmup_rounds=" + warmup + " repeats=" + repeats
                    + " clients=" + config.clientCount
                    + " batch=" + config.batchSize + " method=" + config.method + " master=" + spark.sparkContext().master());
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
        return ExitCodes.OK;
    }

    /**
     * One Spark job of warm-up and timed rounds, into a temporary run directory.
     *
     * @return the timed rounds' seconds, summed: client forward, server, client backward, orchestration
     */
    private double[] sparkJob(SparkSession spark, TrainConfig config) throws IOException {
        double[] parts = new double[4];
        List<RoundMetrics> metrics = measuredRun(spark, config, "cutmixsl-bench-");
        for (RoundMetrics m : metrics.subList(warmup, warmup + rounds)) {
            parts[0] += m.secondsClientForward();
            parts[1] += m.secondsServer();
            parts[2] += m.secondsClientBackward();
            parts[3] += m.secondsOrchestration();
        }
        return parts;
    }

    /**
     * The Spark job, quietly, into a temporary run directory that is deleted afterwards: for the benchmarks, which
     * need its round metrics only.
     *
     * @param spark the session
     * @param config the job's configuration
     * @param prefix the temporary directory's name prefix
     * @return every round's metrics
     * @throws IOException when the temporary directory cannot be made
     */
    static List<RoundMetrics> measuredRun(SparkSession spark, TrainConfig config, String prefix) throws IOException {
        Path runDir = Files.createTempDirectory(prefix);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try {
            return Training.run(spark, config, runDir.toString(), false, true, quiet).metrics();
        } finally {
            FileTrees.deleteRecursively(runDir); // the run directory is only a by-product of the measurement
        }
    }

    /**
     * Spark's own cost of one job shaped like a client stage, with no work in it: as many tasks as the job's shard
     * partitions, each reading a few records and returning none, through {@link PartitionJobs} as the client stages
     * go. The mean over {@value #FLOOR_JOBS} jobs after {@value #FLOOR_WARMUP} unmeasured ones.
     *
     * @return seconds per job
     */
    private static double jobFloor(SparkSession spark, TrainConfig config) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int partitions = config.partitions(jsc);
        List<Integer> ids = new ArrayList<>();
        for (int c = 0; c < config.clientCount; c++) {
            ids.add(c);
        }
        JavaRDD<Integer> clients = jsc.parallelize(ids, partitions).cache();
        try {
            jsc.setJobDescription("bench spark: an empty job, " + partitions + " tasks");
            long start = 0;
            for (int i = 0; i < FLOOR_WARMUP + FLOOR_JOBS; i++) {
                if (i == FLOOR_WARMUP) {
                    start = System.nanoTime();
                }
                PartitionJobs.collect(PartitionJobs.mapPartitions(clients, new ReadAll()));
            }
            return (System.nanoTime() - start) / 1e9 / FLOOR_JOBS;
        } finally {
            jsc.setJobDescription(null);
            clients.unpersist(false);
        }
    }

    /** Reads a partition's records and returns none: a task with nothing to compute or hand back. */
    private static final class ReadAll implements FlatMapFunction<Iterator<Integer>, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Integer> call(Iterator<Integer> records) {
            while (records.hasNext()) {
                records.next();
            }
            return Collections.emptyIterator();
        }
    }

    /** Counts the jobs of the client stages ({@code RoundLoop} describes them as "round r/R: client ..."). */
    private static final class ClientJobs extends SparkListener {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            String description = start.properties() == null ? null
                    : start.properties().getProperty("spark.job.description"); // what setJobDescription sets
            if (description != null && description.startsWith("round ") && description.contains(": client ")) {
                count.incrementAndGet();
            }
        }
    }

    /** The bare loop's seconds per measured round, in all and in the phases the job's round metrics have. */
    private record BareRounds(double seconds, double clientForward, double server, double clientBackward) {}

    /** The bare loop on the same clients' data, same settings. */
    private static BareRounds bareLoop(TrainConfig config, List<ClientSamples> clients, int warmup, int rounds,
            Device device) {
        // the job's schedule length (its untimed last round included), so that both loops step the same learning rates
        OptimizerConfig serverOptim = config.serverOptim.withSchedule(config.serverOptim.warmupSteps(), config.rounds);
        OptimizerConfig clientOptim = config.clientOptim.withSchedule(config.clientOptim.warmupSteps(), config.rounds);
        BareLoop.Settings settings = new BareLoop.Settings(config.model, config.plan, config.encoding, config.batchSize,
                serverOptim, clientOptim, config.seed, config.serverThreads, config.clientThreads,
                config.serverMicroBatch, device);
        try (BareLoop loop = new BareLoop(settings, clients)) {
            for (int r = 0; r < warmup; r++) {
                loop.round(r);
            }
            double[] before = loop.phaseSeconds();
            long start = System.nanoTime();
            for (int r = warmup; r < warmup + rounds; r++) {
                loop.round(r);
            }
            double seconds = (System.nanoTime() - start) / 1e9 / rounds;
            double[] after = loop.phaseSeconds();
            return new BareRounds(seconds, (after[0] - before[0]) / rounds, (after[1] - before[1]) / rounds,
                    (after[2] - before[2]) / rounds);
        }
    }
}
