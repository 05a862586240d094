package org.cutmixsl.spark.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.List;
import org.apache.spark.SparkContext;
import org.cutmixsl.spark.config.TrainConfig.DeviceChoice;
import org.cutmixsl.spark.records.TaskGpus;

/**
 * Resolves the configured {@code device} where the computation runs. On an executor the GPU index comes
 * from the task's Spark resources ("gpu"); on the driver from {@code spark.driver.resource.gpu.*}. When
 * {@code gpu} is asked for and none is there, it fails: it never falls back to the CPU silently.
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
        int engineGpus = Engine.getEngine("PyTorch").getGpuCount();
        if (address != null && engineGpus > 0) {
            return Device.gpu(Integer.parseInt(address.trim()));
        }
        if (choice == DeviceChoice.AUTO) {
            return Device.cpu();
        }
        if (engineGpus == 0) {
            throw new IllegalStateException("device = gpu, but libtorch sees no GPU: build with -Pcuda (CUDA natives"
                    + " pytorch-native-cu124) and run where CUDA is available");
        }
        throw new IllegalStateException("device = gpu, but Spark assigned no GPU to " + where);
    }
}
