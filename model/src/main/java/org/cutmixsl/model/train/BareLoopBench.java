package org.cutmixsl.model.train;

import ai.djl.Device;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.plan.PlanConfig;
import org.cutmixsl.model.vit.ViTConfig;

/**
 * Training throughput of the {@link BareLoop}: CutMixSL in one JVM, the reference the Spark job is measured
 * against. One image per second is one client image processed: rounds × clients × B / measured seconds, each round
 * the whole computation (every client's head forward, punch and encode; decode, CutMix, body and tail forward and
 * backward, gradient split and encode; every client's head backward and step; FedAvg). Warm-up rounds run first
 * and are not timed: the first rounds pay for libtorch's lazy initialisation and the allocator's first touches.
 *
 * <p>The computation does not depend on pixel values, so synthetic images serve; {@link #run(Options, List)}
 * takes real data where a caller wants the same data as another measurement.
 */
public final class BareLoopBench {

    private BareLoopBench() {}

    /**
     * @param model the model shape
     * @param clients G clients, all in one round (and, with the default plan, one group when G = 2)
     * @param batch B per client
     * @param warmupRounds untimed rounds first
     * @param measuredRounds timed rounds
     * @param threads intra-op threads of the server step
     * @param clientThreads intra-op threads of the clients' head work, which the loop runs one client after another
     *     (1 by default, as the Spark job's {@code client.threads}: with every core, both the small head operations and
     *     the server step after them ran slower, measured in README "Where the client stages' time goes")
     * @param samplesPerClient synthetic samples per client
     * @param seed the seed of weights, plans, minibatches and synthetic data
     * @param device where the loop computes
     */
    public record Options(ViTConfig model, int clients, int batch, int warmupRounds, int measuredRounds, int threads,
                          int clientThreads, int samplesPerClient, long seed, Device device) {

        /**
         * @return fmnist-tiny, 2 clients, B = 64, 10 warm-up and 60 measured rounds, every core for the server step and
         *     one for the clients, the CPU
         */
        public static Options defaults() {
            return new Options(ViTConfig.preset("fmnist-tiny"), 2, 64, 10, 60,
                    Runtime.getRuntime().availableProcessors(), 1, 2048, 7, Device.cpu());
        }

        /** @return these options with another number of timed rounds */
        public Options withMeasuredRounds(int rounds) {
            return new Options(model, clients, batch, warmupRounds, rounds, threads, clientThreads, samplesPerClient,
                    seed, device);
        }

        /** @return these options on another device */
        public Options withDevice(Device other) {
            return new Options(model, clients, batch, warmupRounds, measuredRounds, threads, clientThreads,
                    samplesPerClient, seed, other);
        }
    }

    /**
     * @param rounds timed rounds
     * @param clients clients per round
     * @param batch B
     * @param seconds timed seconds
     * @param imagesPerSecond rounds × clients × B / seconds
     */
    public record Result(int rounds, int clients, int batch, double seconds, double imagesPerSecond) {

        /** @return milliseconds per round */
        public double msPerRound() {
            return 1e3 * seconds / rounds;
        }
    }

    /** Prints a result as {@code key=value} lines. */
    public static void print(Result r, PrintStream out) {
        out.println("bare_loop_images_per_s=" + String.format(Locale.ROOT, "%.1f", r.imagesPerSecond()));
        out.println("bare_loop_ms_per_round=" + String.format(Locale.ROOT, "%.1f", r.msPerRound()));
        out.println("bare_loop_rounds=" + r.rounds());
    }

    /**
     * Measures on synthetic data.
     *
     * @param options what to measure
     * @return the measurement
     */
    public static Result run(Options options) {
        return run(options, synthetic(options.model(), options.clients(), options.samplesPerClient(), options.seed()));
    }

    /**
     * Measures on the given clients' data.
     *
     * @param options what to measure ({@code clients} and {@code samplesPerClient} are taken from the data)
     * @param data every client's samples, ids 0..N−1
     * @return the measurement
     */
    public static Result run(Options options, List<ClientSamples> data) {
        int total = options.warmupRounds() + options.measuredRounds();
        OptimizerConfig optim = defaultOptimizer("optim", 1e-3f, 10, total);
        BareLoop.Settings settings = new BareLoop.Settings(options.model(), PlanConfig.defaults(), Encoding.FP16,
                options.batch(), optim, optim, options.seed(), options.threads(), options.clientThreads(), 1024,
                options.device());
        try (BareLoop loop = new BareLoop(settings, data)) {
            for (int r = 0; r < options.warmupRounds(); r++) {
                loop.round(r);
            }
            long start = System.nanoTime();
            for (int r = options.warmupRounds(); r < total; r++) {
                loop.round(r);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double images = (double) options.measuredRounds() * data.size() * options.batch();
            return new Result(options.measuredRounds(), data.size(), options.batch(), seconds, images / seconds);
        }
    }

    /**
     * The optimiser the job's defaults configure (conf/defaults.conf): AdamW, weight decay 0.05, linear warm-up,
     * cosine to 5% of the peak.
     *
     * @param keyPrefix configuration prefix for messages
     * @param lr peak learning rate
     * @param warmup warm-up steps
     * @param totalSteps the run's steps
     * @return the configuration
     */
    public static OptimizerConfig defaultOptimizer(String keyPrefix, float lr, int warmup, int totalSteps) {
        return new OptimizerConfig(keyPrefix, OptimizerConfig.Kind.ADAMW, lr, 0.05f, 0.9f, 0.999f, 1e-8f, 0.9f,
                warmup, totalSteps, 0.05f, 0f);
    }

    /**
     * @param model the model shape
     * @param clients N
     * @param samples samples per client
     * @param seed the seed
     * @return random images and labels for every client
     */
    public static List<ClientSamples> synthetic(ViTConfig model, int clients, int samples, long seed) {
        List<ClientSamples> out = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            SplittableRandom random = new SplittableRandom(Seeds.mix(seed, 0x73796e74L, c));
            int[] labels = new int[samples];
            byte[] pixels = new byte[samples * model.imageValues()];
            for (int i = 0; i < samples; i++) {
                labels[i] = random.nextInt(model.classes());
            }
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) random.nextInt(256);
            }
            out.add(new ClientSamples(c, labels, pixels, model.imageValues()));
        }
        return out;
    }
}
