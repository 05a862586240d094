package org.cutmixsl.spark.device;

import ai.djl.Device;
import java.util.List;
import org.apache.spark.SparkContext;
import org.cutmixsl.model.device.DeviceChoice;
import org.cutmixsl.model.device.TorchDevices;
import org.cutmixsl.spark.records.TaskGpus;

/**
 * Resolves the configured {@code device} where the computation runs. On an executor the GPU index comes
 * from the task's Spark resources ("gpu"); on the driver from {@code spark.driver.resource.gpu.*}. Whether libtorch
 * can use it is {@link TorchDevices}' question: {@code gpu} fails naming what is missing, never falling back to the
 * CPU silently.
 */
public final class DeviceResolver {

    private DeviceResolver() {}

    /**
     * @param choice cpu, gpu or auto
     * @return the device for the current Spark task
     */
    public static Device forTask(DeviceChoice choice) {
        if (choice == DeviceChoice.CPU) {
            return Device.cpu();
        }
        List<String> assigned = TaskGpus.current().addresses();
        String address = assigned.isEmpty() ? null : assigned.get(0);
        if (address == null) {
            // Local mode runs tasks inside the driver's JVM and schedules no task resources: the tasks share
            // the GPU the driver was given (spark.driver.resource.gpu.*), which is the same device, not a CPU.
            if (org.apache.spark.SparkEnv.get() != null
                    && org.apache.spark.SparkEnv.get().conf().get("spark.master", "").startsWith("local")) {
                address = firstGpu(SparkContext.getOrCreate()); // the running driver's context, in this JVM
            }
        }
        return resolve(choice, address, "this task (spark.task.resource.gpu.amount and"
                + " spark.executor.resource.gpu.* assign one; in local mode, spark.driver.resource.gpu.*)");
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
