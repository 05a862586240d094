package org.cutmixsl.model.device;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What provenance.json and {@code bench profile} record as the libtorch that computed: the engine's version and a
 * folder that holds the libtorch.so that was loaded, so that runs on another build (gpu/use-torch.sh) can be told.
 */
class TorchDevicesDescribeTheLoadedLibtorch {

    @Test
    void theDescriptionIsTheEnginesVersionAndTheFolderHoldingLibtorch() {
        String description = TorchDevices.libtorchDescription();
        String version = Engine.getEngine("PyTorch").getVersion();
        assertTrue(description.startsWith(version + " (") && description.endsWith(")"), description);
        String folder = description.substring(version.length() + 2, description.length() - 1);
        assertTrue(Files.isRegularFile(Path.of(folder, "libtorch.so")), description);
    }
}
