package org.cutmixsl.model.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.cutmixsl.common.cli.PositiveInt;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.model.device.DeviceOption;
import org.cutmixsl.model.device.TorchDevices;
import org.cutmixsl.model.train.Autograd;
import org.cutmixsl.model.train.BareLoopBench;
import org.cutmixsl.model.train.BodyAndTail;
import org.cutmixsl.model.vit.ModelPart;
import org.cutmixsl.model.vit.ViTConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench profile}: where the server step's time goes. The step is the one the job runs on the server
 * ({@link BodyAndTail#accumulate} per micro-batch of a round's mixed samples, then one AdamW step), on synthetic
 * tokens, because its cost does not depend on their values. It prints, one {@code key=value} per line:
 *
 * <ul>
 *   <li>the step's wall time without the profiler ({@code step_ms}, median of the timed steps) and with it;
 *   <li>the time inside libtorch's operators and outside them (Java, JNI, DJL's copies), from libtorch's own
 *       profiler ({@link OpProfile});
 *   <li>the Java-to-native copies of a step measured on their own: the micro-batch's tokens into a tensor
 *       ({@code manager.create}) and ∂L/∂X back to a {@code float[]} ({@code toFloatArray});
 *   <li>the matrix products' FLOPs per step (from the shapes libtorch recorded), their self time and GFLOP/s,
 *       against a reference matrix product of the same JVM and threads (1024 × 1024 × 1024), so that the step's
 *       arithmetic is set against what the machine's matrix kernel reaches;
 * </ul>
 *
 * <p>then one line per operator, the largest self time first. The profile's figures come from the profiled steps,
 * whose wall time the profiler stretches ({@code profiler_overhead}); its shares are what to read.
 */
@Command(name = "bench profile", description = "Where the server step's time goes: libtorch's operator profile of"
        + " body and tail forward and backward plus the optimiser step, the Java-to-native copies, and the matrix"
        + " products' FLOPs against a reference product; one key=value per line, then one line per operator.")
public final class ServerStepProfile extends Subcommand {

    @Option(names = "--preset", paramLabel = "NAME", description = "model preset (default fmnist-tiny)")
    String preset = "fmnist-tiny";

    @Option(names = "--samples", paramLabel = "N", converter = PositiveInt.class, description = "samples in the"
            + " server step (default 320: CutMixSL's 10 clients of batch 64 mixed in groups of 2)")
    int samples = 320;

    @Option(names = "--micro-batch", paramLabel = "M", converter = PositiveInt.class, description = "most samples"
            + " per forward pass (default 512, the job's server.microBatch)")
    int microBatch = 512;

    @Option(names = "--warmup", paramLabel = "W", description = "untimed steps first (default 5)")
    int warmup = 5;

    @Option(names = "--steps", paramLabel = "S", converter = PositiveInt.class,
            description = "timed steps, and as many profiled (default 10)")
    int steps = 10;

    @Option(names = "--threads", paramLabel = "T", converter = PositiveInt.class,
            description = "intra-op threads (default 2, the job's server.threads)")
    int threads = 2;

    @Option(names = "--top", paramLabel = "K", description = "operators listed (default 20; 0 lists all)")
    int top = 20;

    @Option(names = "--trace", paramLabel = "FILE", description = "keep libtorch's Chrome trace of the last profiled"
            + " step there (for chrome://tracing or Perfetto); by default a temporary file, deleted")
    Path trace;

    @Mixin
    DeviceOption device = new DeviceOption();

    /** @param args the options */
    public static void main(String[] args) {
        exit(new ServerStepProfile(), args);
    }

    @Override
    public Integer call() throws IOException {
        if (warmup < 0 || top < 0) {
            throw new IllegalArgumentException("--warmup and --top: expected 0 or more, got " + warmup + " and " + top);
        }
        ViTConfig config = ViTConfig.preset(preset);
        Device on = device.device();
        Autograd.setThreads(threads);
        int tokenValues = config.patchCount() * config.width();
        float[] tokens = new float[samples * tokenValues];
        float[] targets = new float[samples * config.classes()];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (float) (random.nextDouble() * 2 - 1);
        }
        for (int i = 0; i < samples; i++) {
            targets[i * config.classes() + random.nextInt(config.classes())] = 1f;
        }
        int totalSteps = warmup + 2 * steps;
        Path file = trace != null ? trace : Files.createTempFile("cutmixsl-profile-", ".json");
        err.println("bench profile: " + config.name() + ", server step of " + samples + " samples (micro-batches of "
                + microBatch + "), " + warmup + " warm-up, " + steps + " timed and " + steps + " profiled steps, "
                + threads + " threads, " + on);
        try (BodyAndTail model = new BodyAndTail(config,
                BareLoopBench.defaultOptimizer("server", 1e-3f, 10, totalSteps), on, 7)) {
            for (int s = 0; s < warmup; s++) {
                step(model, tokens, targets, tokenValues, config.classes());
            }
            double[] stepMs = new double[steps];
            long faults0 = minorFaults();
            for (int s = 0; s < steps; s++) {
                long t0 = System.nanoTime();
                step(model, tokens, targets, tokenValues, config.classes());
                stepMs[s] = (System.nanoTime() - t0) / 1e6;
            }
            long faults1 = minorFaults();
            // One profile per step: libtorch's profiler holds on to a profiled stretch's memory until it stops, so
            // a stretch of several steps would touch fresh pages that the job's steps reuse.
            List<OpProfile> perStep = new ArrayList<>();
            double[] profiledMs = new double[steps];
            for (int s = 0; s < steps; s++) {
                int at = s;
                perStep.add(OpProfile.record(() -> {
                    long p0 = System.nanoTime();
                    step(model, tokens, targets, tokenValues, config.classes());
                    profiledMs[at] = (System.nanoTime() - p0) / 1e6;
                }, file));
            }
            OpProfile profile = OpProfile.sum(perStep);
            long faults2 = minorFaults();
            double[] faults = faults0 < 0 ? null
                    : new double[] {(double) (faults1 - faults0) / steps, (double) (faults2 - faults1) / steps};
            double[] copies = copies(model, config, tokens, tokenValues);
            double referenceGflops = referenceGflops(model.body().manager());
            print(config, median(stepMs), Arrays.stream(profiledMs).sum() / steps, profile, copies, faults, referenceGflops);
        } finally {
            if (trace == null) {
                Files.deleteIfExists(file);
            }
        }
        if (trace != null) {
            err.println("bench profile: libtorch's trace in " + trace);
        }
        return 0;
    }

    /** One server step as the job runs it: every micro-batch forward and backward, then the optimiser step. */
    private void step(BodyAndTail model, float[] tokens, float[] targets, int tokenValues, int classes) {
        for (int from = 0; from < samples; from += microBatch) {
            int n = Math.min(microBatch, samples - from);
            FloatBuffer x = FloatBuffer.wrap(tokens, from * tokenValues, n * tokenValues).slice();
            float[] y = Arrays.copyOfRange(targets, from * classes, (from + n) * classes);
            model.accumulate(x, n, y, samples);
        }
        model.step();
    }

    /**
     * The step's two Java-to-native copies on their own, as {@link BodyAndTail#accumulate} makes them, per step:
     * {0: tokens into a tensor, 1: ∂L/∂X back into a float[]}, ms.
     */
    private double[] copies(BodyAndTail model, ViTConfig config, float[] tokens, int tokenValues) {
        double in = 0;
        double out = 0;
        for (int s = 0; s < steps; s++) {
            for (int from = 0; from < samples; from += microBatch) {
                int n = Math.min(microBatch, samples - from);
                try (NDManager m = model.body().manager().newSubManager()) {
                    FloatBuffer x = FloatBuffer.wrap(tokens, from * tokenValues, n * tokenValues).slice();
                    long t0 = System.nanoTime();
                    NDArray a = m.create(x, ModelPart.BODY.inputShape(config, n));
                    long t1 = System.nanoTime();
                    float[] back = a.toFloatArray();
                    long t2 = System.nanoTime();
                    if (back.length != n * tokenValues) {
                        throw new IllegalStateException("copied " + back.length + " values, expected " + n * tokenValues);
                    }
                    in += (t1 - t0) / 1e6;
                    out += (t2 - t1) / 1e6;
                }
            }
        }
        return new double[] {in / steps, out / steps};
    }

    /** GFLOP/s of a 1024 × 1024 × 1024 product in this thread: what the machine's matrix kernel reaches here. */
    private static double referenceGflops(NDManager parent) {
        int n = 1024;
        int reps = 5;
        try (NDManager m = parent.newSubManager()) {
            NDArray a = m.randomUniform(-1f, 1f, new Shape(n, n));
            NDArray b = m.randomUniform(-1f, 1f, new Shape(n, n));
            double best = Double.MAX_VALUE;
            for (int r = 0; r < reps + 2; r++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0); // waits for the product on any device
                }
                double s = (System.nanoTime() - t0) / 1e9;
                if (r >= 2) {
                    best = Math.min(best, s);
                }
            }
            return 2.0 * n * n * n / best / 1e9;
        }
    }

    private void print(ViTConfig config, double stepMs, double profiledMs, OpProfile profile, double[] copies,
            double[] faults, double referenceGflops) {
        double opsMs = profile.topLevelMicros() / 1e3 / steps;
        double matmulMs = profile.matmulMicros() / 1e3 / steps;
        double gflop = profile.matmulFlops() / 1e9 / steps;
        out.println("profile_preset=" + config.name());
        out.println("profile_samples=" + samples);
        out.println("profile_threads=" + threads);
        out.println("profile_libtorch=" + TorchDevices.libtorchDescription());
        out.println("step_ms=" + f(stepMs));
        out.println("profiled_step_ms=" + f(profiledMs));
        out.println("profiler_overhead=" + f(profiledMs / stepMs));
        out.println("native_ops_ms=" + f(opsMs));
        out.println("native_ops_share=" + f(opsMs / profiledMs));
        out.println("outside_ops_ms=" + f(profiledMs - opsMs));
        out.println("host_to_native_ms=" + f(copies[0]));
        out.println("native_to_host_ms=" + f(copies[1]));
        out.println("copies_share=" + f((copies[0] + copies[1]) / stepMs));
        out.println("minor_faults_per_step=" + (faults == null ? "n/a" : f(faults[0])));
        out.println("profiled_minor_faults_per_step=" + (faults == null ? "n/a" : f(faults[1])));
        out.println("matmul_gflop_per_step=" + f(gflop));
        out.println("matmul_ms=" + f(matmulMs));
        out.println("matmul_share=" + f(matmulMs / opsMs));
        out.println("matmul_gflops=" + f(matmulMs == 0 ? 0 : gflop / matmulMs * 1e3));
        out.println("step_gflops=" + f(gflop / stepMs * 1e3));
        out.println("reference_mm_gflops=" + f(referenceGflops));
        out.println("step_vs_reference=" + f(gflop / stepMs * 1e3 / referenceGflops));
        out.println(String.format(Locale.ROOT, "# %-58s %9s %10s %7s %8s", "operator", "calls/step", "self_ms/step",
                "share", "GFLOP/s"));
        int listed = 0;
        for (OpProfile.Op op : profile.ops()) {
            if (top > 0 && listed++ >= top) {
                break;
            }
            out.println(String.format(Locale.ROOT, "op %-58s %9.1f %10.3f %6.1f%% %8s", op.name(),
                    (double) op.calls() / steps, op.selfMicros() / 1e3 / steps,
                    100 * op.selfMicros() / profile.topLevelMicros(), op.flops() > 0 ? f(op.gflops()) : "-"));
        }
        out.flush();
    }

    /**
     * This process's minor page faults so far (Linux's {@code /proc/self/stat}, field 10), or -1 elsewhere: a step
     * that touches fresh pages for its activations pays a fault per 4 KiB page.
     */
    static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(fields[7]); // field 10 of the whole line
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
