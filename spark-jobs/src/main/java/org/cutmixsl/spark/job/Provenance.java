package org.cutmixsl.spark.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cutmixsl.model.device.DeviceChoice;
import org.cutmixsl.common.version.CodeVersion;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.spark.config.TrainConfig;

/** What made a run: configuration hash, seed, dataset manifest hash, code version, and what is deterministic. */
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
        root.put("determinism", determinismNote(config));
        return root.toPrettyString() + "\n";
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
