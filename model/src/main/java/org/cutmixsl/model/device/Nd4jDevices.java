package org.cutmixsl.model.device;

import java.util.Map;
import java.util.OptionalInt;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where ND4J computes (the distance correlation of {@code privacy.every}, the mixers' ND4J baselines of bench model).
 * On the CPU backend ({@code nd4j-native}: the default build and {@code -Pcuda}) there is nothing to choose and
 * nothing here touches ND4J. On the CUDA backend ({@code nd4j-cuda-11.6}, opt-in: {@code mvn -Pcuda,nd4j-cuda}),
 * {@link #pin} pins ND4J, on the calling thread, to the GPU a scheduler assigned: ND4J's CUDA backend would otherwise
 * spread new threads over every GPU the process sees, GPUs Spark gave to other executors included.
 *
 * <p>The CUDA runtime ND4J's CUDA backend needs comes with the build ({@code org.bytedeco:cuda} 11.6-8.3-1.5.7,
 * classifier {@code linux-x86_64-redist}): its JavaCPP presets ({@code Nd4jCudaPresets}, a {@code LoadEnabled})
 * preload cudart, cuBLAS, cuRAND, cuSOLVER, cuSPARSE and cuDNN from {@code /org/bytedeco/cuda/} on the classpath
 * before {@code libnd4jcuda.so}, and JavaCPP takes classpath libraries before system folders unless
 * {@code org.bytedeco.javacpp.pathsFirst} is set. {@link #cudaRuntime} says which {@code libcudart} was loaded.
 *
 * <p>The address is read as libtorch's device choice reads it ({@link TorchDevices}); errors name the address and
 * what is wrong, as {@link DeviceUnavailableException}s.
 */
public final class Nd4jDevices {

    private Nd4jDevices() {}

    /** @return whether ND4J computes on CUDA (the {@code -Pcuda,nd4j-cuda} build's backend), loading ND4J if need be */
    public static boolean onCuda() {
        return !Nd4j.getEnvironment().isCPU();
    }

    /**
     * Pins ND4J, on the calling thread, to the GPU at {@code address}; on the CPU backend does nothing.
     *
     * @param address the GPU address assigned to this computation (Spark's resource address, an index), or null where
     *     none was: then the first GPU the process sees ({@code CUDA_VISIBLE_DEVICES} chooses), as for a process
     *     that no scheduler assigns GPUs to
     * @param assignedBy who assigns one, for the error (e.g. "this task (spark.task.resource.gpu.amount ...)")
     * @return the ordinal ND4J now computes on for this thread; empty on the CPU backend
     * @throws DeviceUnavailableException when the address is not a GPU ND4J sees, naming the address and how many
     *     it sees
     */
    public static OptionalInt pin(String address, String assignedBy) {
        if (!onCuda()) {
            return OptionalInt.empty();
        }
        AffinityManager affinity = Nd4j.getAffinityManager();
        int ordinal = ordinal(address == null ? "0" : address, affinity.getNumberOfDevices(), assignedBy);
        if (affinity.getDeviceForCurrentThread() != ordinal) {
            affinity.unsafeSetDevice(ordinal);
        }
        return OptionalInt.of(ordinal);
    }

    /**
     * The decision of {@link #pin}, apart from ND4J.
     *
     * @param address the assigned address
     * @param devices how many GPUs ND4J's CUDA backend sees
     * @param assignedBy who assigned the address, for the error
     * @return the ordinal to pin
     */
    static int ordinal(String address, int devices, String assignedBy) {
        int index = GpuAddress.index("ND4J on CUDA", address, assignedBy);
        if (index < 0 || index >= devices) {
            throw new DeviceUnavailableException("ND4J on CUDA: the GPU address '" + address + "' assigned to "
                    + assignedBy + " is not a GPU ND4J sees: its CUDA backend sees " + devices + " GPU(s)"
                    + (devices > 0 ? " (ordinals 0 to " + (devices - 1) + ")" : "") + "; CUDA_VISIBLE_DEVICES must"
                    + " not hide the GPUs the discovery script lists");
        }
        return index;
    }

    /**
     * @return the CUDA runtime library ND4J's backend loaded (its file, which tells the shipped one, extracted into
     *     JavaCPP's cache, from a system one), or "none (CPU backend)"
     */
    public static String cudaRuntime() {
        if (!onCuda()) {
            return "none (CPU backend)";
        }
        for (Map.Entry<String, String> library : Loader.getLoadedLibraries().entrySet()) {
            if (library.getValue() != null && library.getValue().contains("libcudart.so")) {
                return library.getValue();
            }
        }
        return "unknown (JavaCPP lists no libcudart)";
    }
}
