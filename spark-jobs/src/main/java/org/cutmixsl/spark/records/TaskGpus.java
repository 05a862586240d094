package org.cutmixsl.spark.records;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import scala.Option;

/**
 * The GPU addresses Spark assigned to one task (the {@code gpu} entry of {@code TaskContext.resources()}). Every
 * task result carries the one of the task that made it, so the driver learns what Spark assigned from the results
 * it uses: an accumulator would count a retried or recomputed task twice.
 *
 * @param task Spark's task attempt id, unique within the application (results of one task carry the same id);
 *     -1 outside a task
 * @param addresses the addresses, empty where Spark assigned none (local mode, a cluster without GPU resources)
 */
public record TaskGpus(long task, List<String> addresses) {

    /** Spark's name of the resource. */
    public static final String RESOURCE = "gpu";

    /** Outside any task. */
    public static final TaskGpus NONE = new TaskGpus(-1, List.of());

    /**
     * @param task Spark's task attempt id
     * @param addresses the addresses, in Spark's order
     */
    public TaskGpus {
        addresses = List.copyOf(addresses);
    }

    /** @return what Spark assigned to the task this thread runs; {@link #NONE} outside a task */
    public static TaskGpus current() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return NONE;
        }
        return new TaskGpus(task.taskAttemptId(), addresses(task.resources().get(RESOURCE)));
    }

    /**
     * @param spark the driver's context
     * @return the GPU addresses of the driver ({@code spark.driver.resource.gpu.*}), empty when it has none
     */
    public static List<String> ofDriver(SparkContext spark) {
        return addresses(spark.resources().get(RESOURCE));
    }

    private static List<String> addresses(Option<ResourceInformation> gpu) {
        return gpu.isDefined() ? Arrays.asList(gpu.get().addresses()) : List.of();
    }

    /**
     * @param results the results of one or more stages, several from one task
     * @return one entry per task, in the order of first appearance
     */
    public static List<TaskGpus> distinct(Collection<TaskGpus> results) {
        Map<Long, TaskGpus> tasks = new LinkedHashMap<>();
        for (TaskGpus t : results) {
            tasks.putIfAbsent(t.task(), t);
        }
        return new ArrayList<>(tasks.values());
    }
}
