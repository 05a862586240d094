package org.cutmixsl.spark.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.cli.PositiveInt;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.job.DatasetResolver;
import org.cutmixsl.spark.round.RoundMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench scale}: the Spark job's cost per client as the number of clients per round grows. For each size N
 * (default 10, 100 and 1,000), CutMixSL with every client in every round, IID Fashion-MNIST shares, a few untimed
 * and timed rounds in this JVM; prints {@code ms_per_client_round_N} (a timed round's seconds, all of its stages,
 * over N), {@code scale_<largest>_vs_<smallest>} (their ratio: 1 is a flat per-client cost), and the driver's peak
 * heap and peak resident memory at each size. In local mode the driver is the whole job, so those are the job's.
 */
@Command(name = "bench scale", customSynopsis = ScaleBench.SYNOPSIS,
        description = "The Spark job's milliseconds per client and round at growing numbers of clients per round.")
public final class ScaleBench extends Subcommand {

    static final String SYNOPSIS = "bench scale [--sizes 10,100,1000] [--rounds N] [--warmup W] [--data-root DIR]"
            + " [--set key=value ...]";

    @Option(names = "--sizes", paramLabel = "N,...", split = ",", converter = PositiveInt.class,
            description = "clients per round, each a run (default 10,100,1000)")
    List<Integer> sizes = List.of(10, 100, 1000);

    @Option(names = "--rounds", paramLabel = "N", converter = PositiveInt.class,
            description = "timed rounds per size (default 3)")
    int rounds = 3;

    @Option(names = "--warmup", paramLabel = "W", description = "untimed rounds first (default 1)")
    int warmup = 1;

    @Option(names = "--data-root", paramLabel = "DIR", description = "where each size's prepared dataset is kept,"
            + " DIR/fashion-mnist-c<N>-iid (default data)")
    String dataRoot = "data";

    @Option(names = "--set", paramLabel = "key=value", description = "a configuration override, after the"
            + " benchmark's own")
    List<String> settings = new ArrayList<>();

    /** @param args see {@code --help} */
    public static void main(String[] args) {
        exit(new ScaleBench(), args);
    }

    @Override
    public Integer call() throws IOException {
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("--sizes: give at least one number of clients");
        }
        boolean ownSession = SparkSession.getDefaultSession().isEmpty(); // a caller's running session stays up
        SparkSession spark = SparkSessions.create("CutMixSL bench scale");
        List<Double> perClient = new ArrayList<>();
        try {
            for (int n : sizes) {
                TrainConfig config = config(n);
                DatasetResolver.resolve(spark, config); // prepared outside the measurement, once per size
                resetPeaks();
                List<RoundMetrics> metrics = SparkBench.measuredRun(spark, config, "cutmixsl-scale-");
                double seconds = 0;
                for (RoundMetrics m : metrics.subList(warmup, warmup + rounds)) {
                    seconds += m.secondsClientForward() + m.secondsServer() + m.secondsClientBackward()
                            + m.secondsOrchestration();
                }
                double ms = 1000 * seconds / rounds / n;
                perClient.add(ms);
                out.println(String.format(Locale.ROOT, "ms_per_client_round_%d=%.2f", n, ms));
                out.println(String.format(Locale.ROOT, "driver_peak_heap_mb_%d=%.0f", n, peakHeapBytes() / 1048576.0));
                out.println(String.format(Locale.ROOT, "driver_peak_rss_mb_%d=%.0f", n, peakRssBytes() / 1048576.0));
                out.flush();
            }
            int last = sizes.size() - 1;
            out.println(String.format(Locale.ROOT, "scale_%d_vs_%d=%.3f", sizes.get(last), sizes.get(0),
                    perClient.get(last) / perClient.get(0)));
            out.println("rounds_measured=" + rounds + " warmup_rounds=" + warmup + " max_heap_mb="
                    + Runtime.getRuntime().maxMemory() / 1048576 + " master=" + spark.sparkContext().master());
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
        return ExitCodes.OK;
    }

    /** CutMixSL, every one of N IID clients in every round, no evaluation or checkpoint inside the measurement. */
    TrainConfig config(int n) {
        // 60,000 images over 1,000 clients leave 60 each: the minimum share must be below that (README, Scale).
        int minSamples = Math.max(1, Math.min(64, 60_000 / n / 2));
        List<String> overrides = new ArrayList<>(List.of("method=cutmixsl", "clients.count=" + n, "clients.perRound=0",
                "clients.batchSize=64", "data.dir=" + dataRoot + "/fashion-mnist-c" + n + "-iid", "data.shares=iid",
                "data.minSamples=" + minSamples, "eval.every=1000000", "checkpoint.every=1000000",
                "privacy.every=1000000", "server.microBatch=512"));
        overrides.addAll(settings);
        // One round more, untimed: the last round also measures distance correlation, which is not a round's cost.
        overrides.add("train.rounds=" + (warmup + rounds + 1));
        return ConfigLoader.load(null, overrides);
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        try {
            // Linux resets the process's peak resident size (VmHWM) on "5" (proc(5), clear_refs).
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // Not Linux, or not allowed: the RSS peak then covers the process's life so far, as printed.
        }
    }

    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** @return VmHWM of /proc/self/status, or −1 where there is none */
    private static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return 1024L * Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
