package org.cutmixsl.spark.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.cutmixsl.spark.config.TrainConfig.DeviceChoice;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Where libtorch sees no GPU (the CPU natives this build uses): device = gpu fails with a message saying what
 * is missing and how to get it, never falling back to the CPU; auto and cpu give the CPU.
 */
class DeviceResolverNamesWhatIsMissing {

    @Test
    void gpuWithoutCudaNativesFailsNamingThem() {
        Assumptions.assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "this machine has a GPU");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DeviceResolver.forTask(DeviceChoice.GPU));
        assertEquals("device = gpu, but libtorch sees no GPU: build with -Pcuda (CUDA natives pytorch-native-cu124)"
                + " and run where CUDA is available", e.getMessage());
    }

    @Test
    void autoPicksTheCpuWhereThereIsNoGpu() {
        Assumptions.assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "this machine has a GPU");
        assertEquals(Device.cpu(), DeviceResolver.forTask(DeviceChoice.AUTO));
    }

    @Test
    void cpuIsTheCpu() {
        assertEquals(Device.cpu(), DeviceResolver.forTask(DeviceChoice.CPU));
    }
}
