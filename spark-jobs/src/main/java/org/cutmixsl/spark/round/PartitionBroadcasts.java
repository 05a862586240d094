package org.cutmixsl.spark.round;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One broadcast per partition of the client shards: how the driver sends each client task only what its
 * own clients need (their gradient records, their heads). A task reads the broadcast of its partition,
 * and an executor fetches only the broadcasts its tasks read, in Spark's torrent blocks. Compared with
 * parallelizing the records and joining them to the shards, this needs no shuffle stage and keeps the
 * records out of the serialized tasks.
 *
 * @param <T> what each partition receives
 */
final class PartitionBroadcasts<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<Broadcast<T>> parts;

    private PartitionBroadcasts(List<Broadcast<T>> parts) {
        this.parts = parts;
    }

    /**
     * @param jsc the context
     * @param perPartition the value of each partition, in partition order
     * @param <T> the value type (registered with Kryo)
     * @return the broadcasts
     */
    static <T> PartitionBroadcasts<T> of(JavaSparkContext jsc, List<T> perPartition) {
        List<Broadcast<T>> parts = new ArrayList<>(perPartition.size());
        for (T value : perPartition) {
            parts.add(jsc.broadcast(value));
        }
        return new PartitionBroadcasts<>(parts);
    }

    /** @return the value of the running task's partition */
    T forThisTask() {
        return parts.get(TaskContext.getPartitionId()).value();
    }

    /** Drops every part from the executors and the driver. */
    void destroy() {
        for (Broadcast<T> b : parts) {
            b.destroy();
        }
    }
}
