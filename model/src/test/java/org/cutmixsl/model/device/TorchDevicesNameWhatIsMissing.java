package org.cutmixsl.model.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * device = gpu never falls back to the CPU: each thing that can be missing (the CUDA natives, the driver, an assigned
 * GPU, a usable one) gets its own message. The first two tests ask the real libtorch of this build (the CPU one here);
 * the rest feed the decision what a CUDA node's libtorch would answer.
 */
class TorchDevicesNameWhatIsMissing {

    private static final String CUDA_BUILD = "/cache/djl/pytorch/2.5.1-20241113-cu124-linux-x86_64";
    private static final IntFunction<String> WORKS = i -> null;

    @Test
    void gpuOnTheCpuBuildNamesTheCudaNatives() {
        Assumptions.assumeTrue(TorchDevices.libtorchFlavour().contains("-cpu-"), "this build has the CUDA natives");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TorchDevices.resolve(DeviceChoice.GPU, "0", "the test"));
        assertTrue(e.getMessage().startsWith("device = gpu, but the libtorch loaded is the CPU build ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("pytorch-native-cu124 (linux-x86_64; mvn -Pcuda package) must be on the"
                + " classpath"), e.getMessage());
    }

    @Test
    void autoOnTheCpuBuildIsTheCpuEvenWithAnAssignedGpu() {
        Assumptions.assumeTrue(TorchDevices.libtorchFlavour().contains("-cpu-"), "this build has the CUDA natives");
        assertEquals(Device.cpu(), TorchDevices.resolve(DeviceChoice.AUTO, "0", "the test"));
    }

    @Test
    void cpuIsTheCpuWhateverIsAssigned() {
        assertEquals(Device.cpu(), TorchDevices.resolve(DeviceChoice.CPU, "3", "the test"));
    }

    @Test
    void aCudaBuildWithoutADriverNamesTheDriver() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TorchDevices.decide(DeviceChoice.GPU, CUDA_BUILD, false, "0", "the test", WORKS));
        assertTrue(e.getMessage().contains("finds no usable GPU (torch::cuda::is_available() is false): the node"
                + " needs the NVIDIA driver"), e.getMessage());
    }

    @Test
    void noAssignedGpuNamesWhoShouldAssignOne() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TorchDevices.decide(DeviceChoice.GPU, CUDA_BUILD, true, null, "this task (spark.task.resource"
                        + ".gpu.amount)", WORKS));
        assertEquals("device = gpu, but no GPU was assigned to this task (spark.task.resource.gpu.amount)",
                e.getMessage());
    }

    @Test
    void anAddressThatIsNoIndexIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TorchDevices.decide(DeviceChoice.GPU, CUDA_BUILD, true, "GPU-8f2e", "the driver", WORKS));
        assertTrue(e.getMessage().startsWith("device = gpu: the GPU address 'GPU-8f2e' assigned to the driver is not"
                + " a device index"), e.getMessage());
    }

    @Test
    void aGpuLibtorchCannotUseCarriesLibtorchsReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TorchDevices.decide(DeviceChoice.AUTO, CUDA_BUILD, true, "5", "the driver",
                        i -> "CUDA error: invalid device ordinal " + i));
        assertEquals("device = gpu: libtorch cannot use GPU 5, assigned to the driver: CUDA error: invalid device"
                + " ordinal 5", e.getMessage());
    }

    @Test
    void aUsableAssignedGpuIsTheDeviceOfThatIndex() {
        assertEquals(Device.gpu(2), TorchDevices.decide(DeviceChoice.GPU, CUDA_BUILD, true, " 2 ", "the task", WORKS));
        assertEquals(Device.gpu(1), TorchDevices.decide(DeviceChoice.AUTO, CUDA_BUILD, true, "1", "the task", WORKS));
    }

    @Test
    void autoWithoutAnAssignedGpuIsTheCpu() {
        assertEquals(Device.cpu(), TorchDevices.decide(DeviceChoice.AUTO, CUDA_BUILD, true, null, "the task", WORKS));
    }

    @Test
    void aBadChoiceNamesItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceChoice.parse("--device", "cuda"));
        assertEquals("--device = 'cuda': expected cpu, gpu or auto", e.getMessage());
        assertEquals(DeviceChoice.GPU, DeviceChoice.parse("device", " GPU"));
    }
}
