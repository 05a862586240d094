package org.cutmixsl.spark.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.cutmixsl.model.device.DeviceChoice;
import org.cutmixsl.model.device.TorchDevices;
import org.cutmixsl.common.version.CodeVersion;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.spark.config.TrainConfig;

/**
 * What made a run: configuration hash, seed, dataset manifest hash, code version, the libtorch that computed, the
 * driver's CPU, and what is deterministic.
 */
public final class Provenance {

    private Provenance() {}

    /** @return provenance.json's text */
    static String json(TrainConfig config, PreparedDataset dataset) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("config_hash", config.hash);
        root.put("seed", config.seed);
        root.put("method", config.method);
        root.put("dataset", dataset.root());
        root.put("dataset_manifest_sha256", dataset.manifestSha256());
        root.put("code_version", codeVersion());
        root.put("java", System.getProperty("java.version"));
        root.put("libtorch", TorchDevices.libtorchDescription());
        root.put("cpu", cpu());
        root.put("determinism", determinismNote(config));
        return root.toPrettyString() + "\n";
    }

    /**
     * @return the machine the driver runs on: its CPU model (Linux's /proc/cpuinfo), architecture and processors.
     *     Floating-point results are reproduced bitwise on the same kind of CPU; another (other vector units) may
     *     round differently, which a comparison of a run trained again should be able to tell.
     */
    public static String cpu() {
        String model = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture and processor count still say something
        }
        return String.format(Locale.ROOT, "%s, %s, %d processors", model, System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors());
    }

    /** @return the commit the running code was built from ({@link CodeVersion}) */
    public static String codeVersion() {
        return CodeVersion.current();
    }

    /** @return where the run's numbers are, and are not, reproducible */
    public static String determinismNote(TrainConfig config) {
        return trainingNote(config) + (config.links.simulated() ? "; simulated links: the same config and seed draw"
                + " the same link profiles, but sim_seconds are computed from measured task times and so differ from"
                + " run to run (bytes, latency and bandwidth terms do not)" : "")
                + (config.clientDropout > 0 || config.deadline().isSet() ? "; dropped clients: the same config and"
                + " seed drop the same clients (dropouts are seeded per client and round, the deadline compares"
                + " measured bytes over the links, never measured compute time)" : "");
    }

    private static String trainingNote(TrainConfig config) {
        if (config.model.dropout() > 0) {
            return "not deterministic: model.dropout > 0 draws from torch's generator, shared by every thread";
        }
        if (config.device != DeviceChoice.CPU) {
            return "on CPU the same config and seed give the same numbers; GPU kernels (cuBLAS, atomics in"
                    + " reductions) are not bitwise deterministic";
        }
        return "deterministic on CPU: the same config and seed give the same numbers (thread counts are configuration)";
    }
}
