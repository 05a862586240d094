package org.cutmixsl.spark.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.OptionalInt;
import org.cutmixsl.model.device.DeviceChoice;
import org.cutmixsl.model.device.Nd4jDevices;
import org.cutmixsl.model.device.TorchDevices;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Where the libtorch loaded is the CPU build (the natives this build uses): device = gpu fails with a message saying what
 * is missing and how to get it, never falling back to the CPU; auto and cpu give the CPU. On ND4J's CPU backend
 * nothing is pinned.
 */
class DeviceResolverNamesWhatIsMissing {

    @Test
    void gpuWithoutCudaNativesFailsNamingThem() {
        Assumptions.assumeTrue(TorchDevices.libtorchFlavour().contains("-cpu-"), "this build has the CUDA natives");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DeviceResolver.forTask(DeviceChoice.GPU));
        assertTrue(e.getMessage().startsWith("device = gpu, but the libtorch loaded is the CPU build"), e.getMessage());
        assertTrue(e.getMessage().contains("pytorch-native-cu124"), e.getMessage());
    }

    @Test
    void autoPicksTheCpuWhereThereIsNoGpu() {
        Assumptions.assumeTrue(TorchDevices.libtorchFlavour().contains("-cpu-"), "this build has the CUDA natives");
        assertEquals(Device.cpu(), DeviceResolver.forTask(DeviceChoice.AUTO));
    }

    @Test
    void cpuIsTheCpu() {
        assertEquals(Device.cpu(), DeviceResolver.forTask(DeviceChoice.CPU));
    }

    @Test
    void nd4jIsNotPinnedOnItsCpuBackend() {
        Assumptions.assumeFalse(Nd4jDevices.onCuda(), "this build's ND4J backend is CUDA");
        assertEquals(OptionalInt.empty(), DeviceResolver.pinNd4jForTask());
    }
}
