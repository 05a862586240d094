package org.cutmixsl.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run in Spark local mode, where Spark assigns no resources, records that in {@code summary.json}: a
 * {@code resources} object with the driver's GPUs and, for every kind of stage, the tasks counted from their results
 * and an empty list of GPU addresses. The server runs as an executor stage here, so that each kind has tasks.
 */
class ALocalRunRecordsTasksWithoutGpus {

    @TempDir
    Path runs;

    @Test
    void everyStageKindIsListedWithItsTasksAndNoGpus() throws Exception {
        Path out = runs.resolve("cpu");
        // 2 rounds, one step each (cutmixsl), evaluation once at the end, 2 shard partitions.
        TrainingRuns.train(TrainingRuns.config("method=cutmixsl", "server.placement=executor"), out, false);
        JsonNode resources = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("resources");
        assertTrue(resources != null && resources.isObject(), "summary.json has a resources object");
        assertEquals(0, resources.get("driver").get("gpu").size(), resources.toString());
        int[] expectedTasks = {4, 2, 4, 2}; // forward and backward: 2 partitions x 2 rounds; evaluation: 2 chunks
        List<String> kinds = List.of("client_forward", "server", "client_backward", "evaluation");
        for (int i = 0; i < kinds.size(); i++) {
            JsonNode kind = resources.get(kinds.get(i));
            assertTrue(kind.get("gpu").isArray() && kind.get("gpu").isEmpty(), kinds.get(i) + ": " + kind);
            assertEquals(expectedTasks[i], kind.get("tasks").asInt(), kinds.get(i) + ": " + kind);
            assertEquals(kind.get("tasks").asInt(), kind.get("tasks_without_gpu").asInt(), kinds.get(i) + ": " + kind);
        }
    }
}
