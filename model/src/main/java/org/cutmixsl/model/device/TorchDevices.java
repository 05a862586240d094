package org.cutmixsl.model.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.LibUtils;
import java.util.function.IntFunction;

/**
 * Turns a {@link DeviceChoice} and the GPU address a scheduler assigned into a torch device, asking libtorch itself.
 *
 * <p>DJL's {@code Engine.getGpuCount()} loads a system {@code libcudart} through JNA; libtorch's CUDA build bundles
 * its own under a hashed name, so a node with only the NVIDIA driver can look GPU-less to it. Here the answers
 * come from the libtorch that will compute: which build was loaded (its native folder names the flavour, cpu or
 * cuXYZ), {@code torch::cuda::is_available()} (PyTorch's "CUDA" capability) and a one-element tensor allocated on
 * the assigned GPU.
 */
public final class TorchDevices {

    /** The natives a GPU build needs, for the error that says they are missing. */
    static final String CUDA_NATIVES = "ai.djl.pytorch:pytorch-native-cu124 (linux-x86_64; mvn -Pcuda package)";

    private TorchDevices() {}

    /**
     * @param choice cpu, gpu or auto
     * @param address the GPU address assigned to this computation (Spark's resource address, an index), or null
     * @param assignedBy who assigns one, for the error when none was (e.g. "this task (spark.task.resource.gpu.amount)")
     * @return the device to compute on
     * @throws DeviceUnavailableException when {@code gpu} is asked for and cannot be had, naming what is missing
     */
    public static Device resolve(DeviceChoice choice, String address, String assignedBy) {
        if (choice == DeviceChoice.CPU) {
            return Device.cpu();
        }
        Engine torch = Engine.getEngine("PyTorch");
        return decide(choice, libtorchFlavour(), torch.hasCapability(StandardCapabilities.CUDA), address, assignedBy,
                TorchDevices::probe);
    }

    /**
     * For a process no scheduler assigns GPUs to (bare-train, bench model, export, predict): the first GPU this
     * process sees, which {@code CUDA_VISIBLE_DEVICES} chooses.
     *
     * @param choice cpu, gpu or auto
     * @return the device to compute on
     */
    public static Device forProcess(DeviceChoice choice) {
        return resolve(choice, "0", "this process (it takes GPU 0 of those CUDA_VISIBLE_DEVICES shows)");
    }

    /**
     * @return the libtorch this process computes with, as runs record it: its version and the folder it was loaded
     *     from (DJL's jar, or {@code PYTORCH_LIBRARY_PATH}: {@code gpu/use-torch.sh}). Floats are reproduced bitwise
     *     on the same build only.
     */
    public static String libtorchDescription() {
        String folder = libtorchFlavour();
        return Engine.getEngine("PyTorch").getVersion() + " (" + folder + ")";
    }

    /** @return the folder libtorch was loaded from, which names its flavour (e.g. 2.5.1-20241113-cpu-linux-x86_64) */
    public static String libtorchFlavour() {
        Engine.getEngine("PyTorch"); // loads libtorch first
        return LibUtils.getLibtorchPath();
    }

    /**
     * The decision, apart from the native calls that feed it.
     *
     * @param flavour where libtorch was loaded from; a CPU build's folder has "-cpu-" in its name
     * @param cudaAvailable libtorch's {@code torch::cuda::is_available()}
     * @param probe allocates on GPU i: null when it worked, else libtorch's message
     */
    static Device decide(DeviceChoice choice, String flavour, boolean cudaAvailable, String address,
            String assignedBy, IntFunction<String> probe) {
        boolean cpuBuild = flavour == null || flavour.contains("-cpu-") || flavour.endsWith("-cpu");
        if (choice == DeviceChoice.AUTO && (cpuBuild || !cudaAvailable || address == null)) {
            return Device.cpu();
        }
        if (cpuBuild) {
            throw new DeviceUnavailableException("device = gpu, but the libtorch loaded is the CPU build (" + flavour
                    + "): the CUDA natives " + CUDA_NATIVES + " must be on the classpath");
        }
        if (!cudaAvailable) {
            throw new DeviceUnavailableException("device = gpu, but libtorch's CUDA build (" + flavour
                    + ") finds no usable GPU (torch::cuda::is_available() is false): the node needs the NVIDIA"
                    + " driver (nvidia-smi must list a GPU), and CUDA_VISIBLE_DEVICES must not hide it");
        }
        if (address == null) {
            throw new DeviceUnavailableException("device = gpu, but no GPU was assigned to " + assignedBy);
        }
        int index = GpuAddress.index("device = gpu", address, assignedBy);
        String failure = probe.apply(index);
        if (failure != null) {
            throw new DeviceUnavailableException("device = gpu: libtorch cannot use GPU " + index + ", assigned to "
                    + assignedBy + ": " + failure);
        }
        return Device.gpu(index);
    }

    private static String probe(int index) {
        try (NDManager manager = NDManager.newBaseManager(Device.gpu(index), "PyTorch")) {
            manager.zeros(new Shape(1)).toFloatArray();
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
