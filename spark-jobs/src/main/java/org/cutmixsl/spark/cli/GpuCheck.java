package org.cutmixsl.spark.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.model.bench.TorchCheck;
import org.cutmixsl.model.device.DeviceChoice;
import org.cutmixsl.model.device.Nd4jDevices;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gpu-check}: everything a GPU node must show, in one command of a few minutes, for the day a GPU is at hand.
 * It prints what ND4J sees; runs {@link TorchCheck}, which prints what libtorch sees, checks that the device computes
 * the model's logits as the CPU does and measures the bare loop and plain centralized training on the device and on
 * the CPU; and runs the Spark job in local mode with the driver's GPU ({@code bench spark} with {@code device} set and
 * {@code spark.driver.resource.gpu.*} from {@code conf/gpu-discovery.sh}). One {@code key=value} per line.
 * {@code --device cpu} runs the same steps on the CPU, which is how the suite tests it.
 */
@Command(name = "gpu-check", description = {"What libtorch and ND4J see, device-equals-CPU logits, bare loop and"
        + " centralized images/s on the device against the CPU, then the Spark job on the driver's GPU.",
    "Keys: gpu_bare_images_per_s, gpu_centralized_images_per_s_b64, gpu_centralized_images_per_s_b512,"
        + " gpu_spark_images_per_s, and gpu_vs_cpu_* ratios. Exit 2 when the GPU is missing (the message says what),"
        + " 4 when the device's logits disagree with the CPU's."})
public final class GpuCheck extends Subcommand {

    @Mixin
    TorchCheck.Options torch = new TorchCheck.Options();

    @Option(names = "--spark-rounds", paramLabel = "N",
            description = "timed rounds of the Spark job (default 20; 0 skips it)")
    int sparkRounds = 20;

    /** @param args see {@code --help} */
    public static void main(String[] args) {
        exit(new GpuCheck(), args);
    }

    @Override
    public Integer call() {
        out.println("nd4j_cuda_runtime=" + Nd4jDevices.cudaRuntime()); // the libcudart ND4J loaded: shipped or system
        out.println("nd4j_backend=" + Nd4j.getBackend().getClass().getSimpleName());
        out.println("nd4j_devices=" + Nd4j.getAffinityManager().getNumberOfDevices());
        TorchCheck.run(torch, out);
        if (sparkRounds > 0) {
            sparkJob();
        }
        return 0;
    }

    /** The Spark job through bench spark, local mode, device set; its keys printed with a gpu_ prefix. */
    private void sparkJob() {
        if (torch.choice() != DeviceChoice.CPU) {
            // Read when the session starts: the driver gets the machine's GPUs, and local-mode tasks share its first.
            System.setProperty("spark.driver.resource.gpu.amount", "1");
            System.setProperty("spark.driver.resource.gpu.discoveryScript",
                    Path.of(System.getProperty("cutmixsl.home", "."), "conf/gpu-discovery.sh").toAbsolutePath()
                            .toString());
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // One repeat: a check that the job runs on the device and its figure, not a ratio to settle a target.
        int code = Subcommand.execute(new SparkBench(), new String[] {"--rounds", String.valueOf(sparkRounds),
            "--warmup", String.valueOf(torch.warmup()), "--repeats", "1",
            "--set", "device=" + torch.choice().name().toLowerCase(Locale.ROOT)},
                new PrintStream(captured, true, StandardCharsets.UTF_8), err);
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                out.println("gpu_" + line);
            }
        }
        if (code != 0) {
            throw new IllegalStateException("the Spark job on " + torch.choice() + " failed (bench spark exit " + code
                    + ")");
        }
    }
}
