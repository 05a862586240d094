package org.cutmixsl.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.model.device.TorchDevices;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * gpu-check is meant for a GPU node the suite never has: with {@code --device cpu} it runs the same steps here, so the
 * script a GPU day depends on is known to work up to the device; with {@code gpu} on this CPU build it stops at once,
 * naming the CUDA natives.
 */
class GpuCheckRunsEveryStepOnTheCpu {

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Subcommand.execute(new GpuCheck(), args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void onTheCpuEveryFigureIsPrintedAndTheLogitsAgreeExactly() {
        String[] r = run("--device", "cpu", "--warmup", "0", "--steps", "1", "--batches", "8,16", "--spark-rounds", "0",
                "--threads", "1");
        assertEquals("0", r[0], r[2]);
        Map<String, String> keys = r[1].lines().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
        assertEquals("cpu()", keys.get("device"));
        assertEquals(0.0, Double.parseDouble(keys.get("logits_max_abs_diff_vs_cpu")), "the CPU against itself");
        for (String key : new String[] {"gpu_bare_images_per_s", "cpu_bare_images_per_s", "gpu_vs_cpu_bare",
            "gpu_centralized_images_per_s_b8", "gpu_centralized_images_per_s_b16", "gpu_vs_cpu_centralized_b16"}) {
            assertTrue(Double.parseDouble(keys.get(key)) > 0, key + " in\n" + r[1]);
        }
        assertTrue(keys.get("libtorch").contains("linux-x86_64"), r[1]);
        if (keys.get("nd4j_backend").equals("CpuBackend")) {
            assertEquals("none (CPU backend)", keys.get("nd4j_cuda_runtime"), r[1]);
        }
    }

    @Test
    void gpuOnTheCpuBuildStopsNamingTheCudaNatives() {
        Assumptions.assumeTrue(TorchDevices.libtorchFlavour().contains("-cpu-"), "a CUDA build");
        String[] r = run("--device", "gpu");
        assertEquals(String.valueOf(ExitCodes.BAD_CONFIG), r[0], r[2]);
        assertTrue(r[1].contains("libtorch_cuda_available=false"), r[1]);
        assertTrue(r[2].contains("pytorch-native-cu124"), r[2]);
    }
}
