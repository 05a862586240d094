package org.cutmixsl.spark.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.cutmixsl.common.cli.PositiveInt;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.model.device.DeviceChoice;
import org.cutmixsl.model.device.DeviceOption;
import org.cutmixsl.model.device.Nd4jDevices;
import org.cutmixsl.model.device.TorchDevices;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.train.BareLoopBench;
import org.cutmixsl.model.train.CentralizedBench;
import org.cutmixsl.model.train.ImageBatch;
import org.cutmixsl.model.train.InferenceModel;
import org.cutmixsl.model.train.TrainablePart;
import org.cutmixsl.model.vit.ModelPart;
import org.cutmixsl.model.vit.ViTConfig;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gpu-check}: everything a GPU node must show, in one command of a few minutes, for the day a GPU is at hand.
 * It prints what libtorch and ND4J see; checks that the device computes the model's logits as the CPU does (same
 * seeded weights, same images); measures the bare loop and plain centralized training (B = 64 and 512) on the device
 * and on the CPU, with their ratios; and runs the Spark job in local mode with the driver's GPU ({@code bench spark}
 * with {@code device} set and {@code spark.driver.resource.gpu.*} from {@code conf/gpu-discovery.sh}). One
 * {@code key=value} per line. {@code --device cpu} runs the same steps on the CPU, which is how the suite tests it.
 */
@Command(name = "gpu-check", description = {"What libtorch and ND4J see, device-equals-CPU logits, bare loop and"
        + " centralized images/s on the device against the CPU, then the Spark job on the driver's GPU.",
    "Keys: gpu_bare_images_per_s, gpu_centralized_images_per_s_b64, gpu_centralized_images_per_s_b512,"
        + " gpu_spark_images_per_s, and gpu_vs_cpu_* ratios. Exit 2 when the GPU is missing (the message says what),"
        + " 4 when the device's logits disagree with the CPU's."})
public final class GpuCheck extends Subcommand {

    /** Largest |GPU − CPU| of a logit that passes: TF32 and reordered reductions move logits by about 1e-3. */
    static final double LOGIT_TOLERANCE = 2e-2;

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

    @Option(names = "--spark-rounds", paramLabel = "N",
            description = "timed rounds of the Spark job (default 20; 0 skips it)")
    int sparkRounds = 20;

    @Option(names = "--threads", paramLabel = "T", converter = PositiveInt.class,
            description = "intra-op threads of the CPU runs (default: every core)")
    int threads = Runtime.getRuntime().availableProcessors();

    /** @param args see {@code --help} */
    public static void main(String[] args) {
        exit(new GpuCheck(), args);
    }

    @Override
    public Integer call() throws Exception {
        ViTConfig model = ViTConfig.preset("fmnist-tiny");
        Engine torch = Engine.getEngine("PyTorch");
        out.println("libtorch=" + TorchDevices.libtorchFlavour());
        out.println("libtorch_version=" + torch.getVersion());
        out.println("libtorch_cuda_available=" + torch.hasCapability(StandardCapabilities.CUDA));
        out.println("nd4j_cuda_runtime=" + Nd4jDevices.cudaRuntime()); // the libcudart ND4J loaded: shipped or system
        out.println("nd4j_backend=" + Nd4j.getBackend().getClass().getSimpleName());
        out.println("nd4j_devices=" + Nd4j.getAffinityManager().getNumberOfDevices());
        Device device = TorchDevices.forProcess(choice); // exit 2 naming what is missing
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
                warmup, steps, threads, defaults.clientThreads(), defaults.samplesPerClient(), defaults.seed(), device);
        double gpuBare = BareLoopBench.run(bare).imagesPerSecond();
        double cpuBare = BareLoopBench.run(bare.withDevice(Device.cpu())).imagesPerSecond();
        figure("gpu_bare_images_per_s", gpuBare);
        figure("cpu_bare_images_per_s", cpuBare);
        ratio("gpu_vs_cpu_bare", gpuBare, cpuBare);
        for (int batch : batches) {
            double gpu = CentralizedBench.run(model, batch, warmup, steps, threads, 7, device).imagesPerSecond();
            double cpu = CentralizedBench.run(model, batch, warmup, steps, threads, 7, Device.cpu()).imagesPerSecond();
            figure("gpu_centralized_images_per_s_b" + batch, gpu);
            figure("cpu_centralized_images_per_s_b" + batch, cpu);
            ratio("gpu_vs_cpu_centralized_b" + batch, gpu, cpu);
        }
        if (sparkRounds > 0) {
            sparkJob();
        }
        return 0;
    }

    /** The Spark job through bench spark, local mode, device set; its keys printed with a gpu_ prefix. */
    private void sparkJob() {
        if (choice != DeviceChoice.CPU) {
            // Read when the session starts: the driver gets the machine's GPUs, and local-mode tasks share its first.
            System.setProperty("spark.driver.resource.gpu.amount", "1");
            System.setProperty("spark.driver.resource.gpu.discoveryScript",
                    Path.of(System.getProperty("cutmixsl.home", "."), "conf/gpu-discovery.sh").toAbsolutePath()
                            .toString());
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // One repeat: a check that the job runs on the device and its figure, not a ratio to settle a target.
        int code = Subcommand.execute(new SparkBench(), new String[] {"--rounds", String.valueOf(sparkRounds),
            "--warmup", String.valueOf(warmup), "--repeats", "1",
            "--set", "device=" + choice.name().toLowerCase(Locale.ROOT)},
                new PrintStream(captured, true, StandardCharsets.UTF_8), err);
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                out.println("gpu_" + line);
            }
        }
        if (code != 0) {
            throw new IllegalStateException("the Spark job on " + choice + " failed (bench spark exit " + code + ")");
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

    private void figure(String key, double value) {
        out.println(String.format(Locale.ROOT, "%s=%.1f", key, value));
        out.flush();
    }

    private void ratio(String key, double a, double b) {
        out.println(String.format(Locale.ROOT, "%s=%.3f", key, a / b));
        out.flush();
    }
}
