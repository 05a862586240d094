package org.cutmixsl.spark.device;

import ai.djl.Device;
import java.util.List;
import java.util.OptionalInt;
import org.apache.spark.SparkContext;
import org.cutmixsl.model.device.DeviceChoice;
import org.cutmixsl.model.device.Nd4jDevices;
import org.cutmixsl.model.device.TorchDevices;
import org.cutmixsl.spark.records.TaskGpus;

/**
 * Resolves the configured {@code device} where the computation runs. On an executor the GPU index comes
 * from the task's Spark resources ("gpu"); on the driver from {@code spark.driver.resource.gpu.*}. Whether libtorch
 * can use it is {@link TorchDevices}' question: {@code gpu} fails naming what is missing, never falling back to the
 * CPU silently. ND4J, which computes the distance correlation in the client tasks, is pinned to the same GPU
 * ({@link #pinNd4jForTask}).
 */
public final class DeviceResolver {

    /** Who assigns a task its GPU, for the errors. */
    private static final String TASK = "this task (spark.task.resource.gpu.amount and spark.executor.resource.gpu.*"
            + " assign one; in local mode, spark.driver.resource.gpu.*)";

    private DeviceResolver() {}

    /**
     * @param choice cpu, gpu or auto
     * @return the device for the current Spark task
     */
    public static Device forTask(DeviceChoice choice) {
        if (choice == DeviceChoice.CPU) {
            return Device.cpu();
        }
        return resolve(choice, taskAddress(), TASK);
    }

    /**
     * Pins ND4J (the distance correlation) on this task's thread to the GPU {@link #forTask} would give libtorch;
     * nothing on ND4J's CPU backend. Where no GPU was assigned, ND4J's CUDA backend takes the first the process sees.
     *
     * @return the ordinal ND4J computes on; empty on the CPU backend
     * @throws org.cutmixsl.model.device.DeviceUnavailableException when ND4J does not see the assigned GPU
     */
    public static OptionalInt pinNd4jForTask() {
        if (!Nd4jDevices.onCuda()) {
            return OptionalInt.empty(); // before taskAddress(): on the CPU backend nothing is read
        }
        return Nd4jDevices.pin(taskAddress(), TASK);
    }

    /** @return the GPU address of the current task, or in local mode the driver's; null where there is none */
    private static String taskAddress() {
        List<String> assigned = TaskGpus.current().addresses();
        if (!assigned.isEmpty()) {
            return assigned.get(0);
        }
        // Local mode runs tasks inside the driver's JVM and schedules no task resources: the tasks share
        // the GPU the driver was given (spark.driver.resource.gpu.*), which is the same device, not a CPU.
        if (org.apache.spark.SparkEnv.get() != null
                && org.apache.spark.SparkEnv.get().conf().get("spark.master", "").startsWith("local")) {
            return firstGpu(SparkContext.getOrCreate()); // the running driver's context, in this JVM
        }
        return null;
    }

    /**
     * @param choice cpu, gpu or auto
     * @param spark the driver's context
     * @return the device for the driver's server step
     */
    public static Device forDriver(DeviceChoice choice, SparkContext spark) {
        if (choice == DeviceChoice.CPU) {
            return Device.cpu();
        }
        return resolve(choice, firstGpu(spark), "the driver (spark.driver.resource.gpu.amount and its discovery script"
                + " assign one)");
    }

    private static String firstGpu(SparkContext spark) {
        List<String> gpus = TaskGpus.ofDriver(spark);
        return gpus.isEmpty() ? null : gpus.get(0);
    }

    private static Device resolve(DeviceChoice choice, String address, String where) {
        return TorchDevices.resolve(choice, address, where);
    }
}
