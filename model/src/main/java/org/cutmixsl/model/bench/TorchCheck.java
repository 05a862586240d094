package org.cutmixsl.model.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.cutmixsl.common.cli.PositiveInt;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.model.device.DeviceChoice;
import org.cutmixsl.model.device.DeviceOption;
import org.cutmixsl.model.device.TorchDevices;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.train.BareLoopBench;
import org.cutmixsl.model.train.CentralizedBench;
import org.cutmixsl.model.train.ImageBatch;
import org.cutmixsl.model.train.InferenceModel;
import org.cutmixsl.model.train.TrainablePart;
import org.cutmixsl.model.vit.ModelPart;
import org.cutmixsl.model.vit.ViTConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The libtorch half of {@code gpu-check}: what libtorch sees, device-equals-CPU logits, and the bare loop and plain
 * centralized training on the device against the CPU. It needs DJL and this module alone (no Spark, no ND4J), so it
 * also runs as its own {@code main} on a GPU node that has only a JRE, the model's jars and a libtorch, which is how
 * {@code gpu/run-torch-check.sh} uses it. One {@code key=value} per line.
 */
@Command(name = "torch-check", description = {"What libtorch sees, device-equals-CPU logits, bare loop and"
        + " centralized images/s on the device against the CPU.",
    "Exit 2 when the GPU is missing (the message says what), 4 when the device's logits disagree with the CPU's."})
public final class TorchCheck extends Subcommand {

    /** Largest |GPU − CPU| of a logit that passes: TF32 and reordered reductions move logits by about 1e-3. */
    static final double LOGIT_TOLERANCE = 2e-2;

    @Mixin
    Options options = new Options();

    /** @param args see {@code --help} */
    public static void main(String[] args) {
        exit(new TorchCheck(), args);
    }

    @Override
    public Integer call() {
        run(options, out);
        return 0;
    }

    /** The options both this command and {@code gpu-check} take, as a picocli mixin. */
    public static final class Options {

        @Option(names = "--device", paramLabel = "gpu|auto|cpu", converter = DeviceOption.Converter.class,
                description = "what to check (default gpu; cpu runs the same steps on the CPU)")
        DeviceChoice choice = DeviceChoice.GPU;

        @Option(names = "--steps", paramLabel = "N", converter = PositiveInt.class,
                description = "timed rounds or steps of each loop (default 30; 5 untimed first)")
        int steps = 30;

        @Option(names = "--warmup", paramLabel = "W", description = "untimed rounds or steps before each (default 5)")
        int warmup = 5;

        @Option(names = "--batches", paramLabel = "B", split = ",", converter = PositiveInt.class,
                description = "batch sizes of the centralized loop (default 64,512)")
        List<Integer> batches = List.of(64, 512);

        @Option(names = "--threads", paramLabel = "T", converter = PositiveInt.class,
                description = "intra-op threads of the CPU runs (default: every core)")
        int threads = Runtime.getRuntime().availableProcessors();

        /** @return the device asked for */
        public DeviceChoice choice() {
            return choice;
        }

        /** @return untimed rounds before each timed loop */
        public int warmup() {
            return warmup;
        }
    }

    /**
     * Prints what libtorch sees, checks the device's logits against the CPU's and measures both loops on each.
     *
     * @throws IllegalStateException when the device's logits differ from the CPU's beyond {@link #LOGIT_TOLERANCE}
     */
    public static void run(Options o, PrintStream out) {
        ViTConfig model = ViTConfig.preset("fmnist-tiny");
        Engine torch = Engine.getEngine("PyTorch");
        out.println("libtorch=" + TorchDevices.libtorchFlavour());
        out.println("libtorch_version=" + torch.getVersion());
        out.println("libtorch_cuda_available=" + torch.hasCapability(StandardCapabilities.CUDA));
        Device device = TorchDevices.forProcess(o.choice); // exit 2 naming what is missing
        out.println("device=" + device);
        out.flush();

        double diff = maxLogitDifference(model, device);
        out.println(String.format(Locale.ROOT, "logits_max_abs_diff_vs_cpu=%.3g", diff));
        out.flush();
        if (!(diff <= LOGIT_TOLERANCE)) {
            throw new IllegalStateException("the device's logits differ from the CPU's by " + diff + " (tolerance "
                    + LOGIT_TOLERANCE + "): the GPU path computes another model");
        }

        BareLoopBench.Options defaults = BareLoopBench.Options.defaults();
        BareLoopBench.Options bare = new BareLoopBench.Options(defaults.model(), defaults.clients(), defaults.batch(),
                o.warmup, o.steps, o.threads, defaults.clientThreads(), defaults.samplesPerClient(), defaults.seed(),
                device);
        double gpuBare = BareLoopBench.run(bare).imagesPerSecond();
        double cpuBare = BareLoopBench.run(bare.withDevice(Device.cpu())).imagesPerSecond();
        figure(out, "gpu_bare_images_per_s", gpuBare);
        figure(out, "cpu_bare_images_per_s", cpuBare);
        ratio(out, "gpu_vs_cpu_bare", gpuBare, cpuBare);
        for (int batch : o.batches) {
            double gpu = CentralizedBench.run(model, batch, o.warmup, o.steps, o.threads, 7, device).imagesPerSecond();
            double cpu = CentralizedBench.run(model, batch, o.warmup, o.steps, o.threads, 7, Device.cpu())
                    .imagesPerSecond();
            figure(out, "gpu_centralized_images_per_s_b" + batch, gpu);
            figure(out, "cpu_centralized_images_per_s_b" + batch, cpu);
            ratio(out, "gpu_vs_cpu_centralized_b" + batch, gpu, cpu);
        }
    }

    /** @return the largest |device − CPU| over the logits of 64 images, the same seeded weights on both */
    static double maxLogitDifference(ViTConfig model, Device device) {
        OptimizerConfig optim = BareLoopBench.defaultOptimizer("optim", 1e-3f, 0, 1);
        ImageBatch images = BareLoopBench.synthetic(model, 1, 64, 11).get(0).batch(IntStream.range(0, 64).toArray());
        float[] onCpu;
        float[] onDevice;
        try (TrainablePart head = new TrainablePart(ModelPart.HEAD, model, optim, Device.cpu(), 11);
                TrainablePart body = new TrainablePart(ModelPart.BODY, model, optim, Device.cpu(), 11);
                TrainablePart tail = new TrainablePart(ModelPart.TAIL, model, optim, Device.cpu(), 11);
                InferenceModel cpu = new InferenceModel(model, Device.cpu());
                InferenceModel dev = new InferenceModel(model, device)) {
            onCpu = cpu.load(head.parameters(), body.parameters(), tail.parameters()).logits(images);
            onDevice = dev.load(head.parameters(), body.parameters(), tail.parameters()).logits(images);
        }
        double max = 0;
        for (int i = 0; i < onCpu.length; i++) {
            max = Math.max(max, Math.abs(onCpu[i] - onDevice[i]));
        }
        return max;
    }

    private static void figure(PrintStream out, String key, double value) {
        out.println(String.format(Locale.ROOT, "%s=%.1f", key, value));
        out.flush();
    }

    private static void ratio(PrintStream out, String key, double a, double b) {
        out.println(String.format(Locale.ROOT, "%s=%.3f", key, a / b));
        out.flush();
    }
}
