package org.cutmixsl.spark.device;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.cutmixsl.spark.records.TaskGpus;

/**
 * What Spark's resource scheduling assigned during a run, kept on the driver from the task results it used (each
 * result carries its task's {@link TaskGpus}): per kind of stage, how many tasks ran, how many of them had no GPU,
 * and which GPU addresses they received; and the driver's own GPUs. It becomes the {@code resources} object of
 * {@code summary.json}; on a run without GPU resources every list is empty.
 */
public final class AssignedGpus {

    /** The kinds of stage whose tasks are counted, by their name in {@code summary.json}. */
    public enum StageKind {
        /** A step's client-forward stage. */
        CLIENT_FORWARD("client_forward"),
        /** The one-task server stage of {@code server.placement = executor} (none on the driver). */
        SERVER("server"),
        /** A step's client-backward stage. */
        CLIENT_BACKWARD("client_backward"),
        /** An evaluation on the test or the validation split. */
        EVALUATION("evaluation");

        private final String key;

        StageKind(String key) {
            this.key = key;
        }

        /** @return the name in {@code summary.json} */
        public String key() {
            return key;
        }
    }

    private final List<String> driver;
    private final Map<StageKind, Map<Long, List<String>>> tasks = new EnumMap<>(StageKind.class);

    /** @param driver the driver's GPU addresses ({@link TaskGpus#ofDriver}) */
    public AssignedGpus(List<String> driver) {
        this.driver = List.copyOf(driver);
        for (StageKind kind : StageKind.values()) {
            tasks.put(kind, new LinkedHashMap<>());
        }
    }

    /**
     * @param kind the stage's kind
     * @param results what the results of its tasks carried (several results of one task count once)
     */
    public void record(StageKind kind, Collection<TaskGpus> results) {
        for (TaskGpus t : results) {
            tasks.get(kind).putIfAbsent(t.task(), t.addresses());
        }
    }

    /** @return the driver's GPU addresses */
    public List<String> driver() {
        return driver;
    }

    /**
     * Fills {@code summary.json}'s {@code resources}: {@code driver.gpu}, and per stage kind {@code tasks},
     * {@code tasks_without_gpu} and {@code gpu}, the distinct addresses in order.
     *
     * @param resources the object to fill
     */
    public void writeTo(ObjectNode resources) {
        ArrayNode driverGpus = resources.putObject("driver").putArray("gpu");
        driver.forEach(driverGpus::add);
        for (StageKind kind : StageKind.values()) {
            ObjectNode node = resources.putObject(kind.key());
            Collection<List<String>> assigned = tasks.get(kind).values();
            TreeSet<String> addresses = new TreeSet<>();
            int without = 0;
            for (List<String> a : assigned) {
                addresses.addAll(a);
                without += a.isEmpty() ? 1 : 0;
            }
            node.put("tasks", assigned.size());
            node.put("tasks_without_gpu", without);
            ArrayNode gpus = node.putArray("gpu");
            addresses.forEach(gpus::add);
        }
    }
}
