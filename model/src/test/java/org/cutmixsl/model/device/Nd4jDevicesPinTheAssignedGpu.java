package org.cutmixsl.model.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J computes on the GPU a scheduler assigned: the address becomes the ordinal libtorch would use, and an address
 * ND4J's CUDA backend does not see fails naming it and how many GPUs it sees. The CPU-backend tests ask the real ND4J
 * of this build (nd4j-native here): there, pinning leaves ND4J alone and no CUDA runtime is loaded.
 */
class Nd4jDevicesPinTheAssignedGpu {

    private static final String TASK = "this task (spark.task.resource.gpu.amount)";

    @Test
    void theAssignedIndexIsTheOrdinal() {
        assertEquals(1, Nd4jDevices.ordinal(" 1 ", 2, TASK));
        assertEquals(0, Nd4jDevices.ordinal("0", 1, TASK));
    }

    @Test
    void anAddressNd4jDoesNotSeeNamesItAndTheCount() {
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> Nd4jDevices.ordinal("3", 2, TASK));
        assertEquals("ND4J on CUDA: the GPU address '3' assigned to this task (spark.task.resource.gpu.amount) is not"
                + " a GPU ND4J sees: its CUDA backend sees 2 GPU(s) (ordinals 0 to 1); CUDA_VISIBLE_DEVICES must not"
                + " hide the GPUs the discovery script lists", e.getMessage());
        e = assertThrows(DeviceUnavailableException.class, () -> Nd4jDevices.ordinal("-1", 4, TASK));
        assertTrue(e.getMessage().contains("address '-1'") && e.getMessage().contains("sees 4 GPU(s)"),
                e.getMessage());
        e = assertThrows(DeviceUnavailableException.class, () -> Nd4jDevices.ordinal("0", 0, TASK));
        assertTrue(e.getMessage().contains("its CUDA backend sees 0 GPU(s); CUDA_VISIBLE_DEVICES"), e.getMessage());
    }

    @Test
    void anAddressThatIsNoIndexIsNamed() {
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> Nd4jDevices.ordinal("GPU-8f2e", 2, "the driver"));
        assertTrue(e.getMessage().startsWith("ND4J on CUDA: the GPU address 'GPU-8f2e' assigned to the driver is not a"
                + " device index"), e.getMessage());
    }

    @Test
    void onTheCpuBackendPinningLeavesNd4jAlone() {
        Assumptions.assumeFalse(Nd4jDevices.onCuda(), "this build's ND4J backend is CUDA");
        Integer before = Nd4j.getAffinityManager().getDeviceForCurrentThread();
        assertEquals(OptionalInt.empty(), Nd4jDevices.pin("7", TASK), "no GPU 7 anywhere, and no error");
        assertEquals(OptionalInt.empty(), Nd4jDevices.pin(null, TASK));
        assertEquals(before, Nd4j.getAffinityManager().getDeviceForCurrentThread());
    }

    @Test
    void theCpuBackendsBuildLoadsNoCudaRuntime() {
        Assumptions.assumeFalse(Nd4jDevices.onCuda(), "this build's ND4J backend is CUDA");
        assertEquals("none (CPU backend)", Nd4jDevices.cudaRuntime());
    }
}
