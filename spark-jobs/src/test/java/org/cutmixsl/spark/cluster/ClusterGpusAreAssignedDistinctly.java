package org.cutmixsl.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.cutmixsl.spark.run.RunDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Spark's GPU scheduling on the local standalone cluster, proven on a machine without GPUs:
 * {@code cluster start --gpus-per-worker 1 --fake-gpus} makes each of the two workers declare one made-up GPU,
 * and the job runs with {@code device = cpu} (compute stays on the CPU), {@code server.placement = executor} and
 * {@code server.gpus = 1}. Every client task receives a GPU address from Spark; the two client-forward tasks that
 * run at the same time (held there by the test's markers) hold different addresses; the server stage runs under
 * a ResourceProfile of its own (Spark's event log) and its task receives an address; and the driver's address is
 * none of the executors'. The run's {@code summary.json} records what Spark assigned.
 */
@Tag("cluster")
class ClusterGpusAreAssignedDistinctly {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);
    private static final List<String> KINDS = List.of("client_forward", "server", "client_backward", "evaluation");

    private static Path work;
    private static LocalCluster cluster;

    @BeforeAll
    static void clusterWithFakeGpus() throws IOException {
        work = LocalCluster.workFolder("cluster-tests-gpus");
        cluster = LocalCluster.start(work, "--gpus-per-worker", "1", "--fake-gpus");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void tasksServerAndDriverHoldDistinctGpus() throws IOException {
        long start = System.nanoTime();
        Path config = LocalCluster.config(work.resolve("gpu-test.conf"), "train.rounds = 2", "eval.every = 2",
                "eval.testImages = 2000", "device = cpu", "server.placement = executor", "server.gpus = 1");
        Path run = work.resolve("runs/fake-gpus");
        Path markers = work.resolve("markers/fake-gpus");
        // Plain event-log files (Spark 4 writes rolling, zstd-compressed ones by default), read below.
        LocalCluster.Job job = cluster.submit("fake-gpus", config, run, "--set", "testing.markerDir=" + markers,
                "--set", "testing.holdForwardOfRound=2", "--conf", "spark.eventLog.compress=false",
                "--conf", "spark.eventLog.rolling.enabled=false");

        // Both client-forward tasks of round 2 run now, one per executor, and wait: they hold their GPUs together.
        List<String> held = LocalCluster.awaitMarkers(markers, n -> n.startsWith("forward-r2-"), 2, job,
                Duration.ofMinutes(5));
        List<String> first = LocalCluster.gpusOf(markers, held.get(0));
        List<String> second = LocalCluster.gpusOf(markers, held.get(1));
        assertEquals(1, first.size(), held.get(0) + " holds one GPU: " + first);
        assertEquals(1, second.size(), held.get(1) + " holds one GPU: " + second);
        assertNotEquals(first, second, "tasks running at the same time hold different GPUs");
        LocalCluster.release(markers);
        assertEquals(0, job.await(RUN_TIMEOUT), () -> "the run failed:\n" + job.output());

        List<String> driver = LocalCluster.gpusOf(markers, LocalCluster.onlyOne(LocalCluster.markers(markers,
                n -> n.startsWith("driver-"))));
        assertEquals(List.of("2"), driver, "the driver has the address after the two workers' (0 and 1)");

        JsonNode resources = new ObjectMapper().readTree(run.resolve("summary.json").toFile()).get("resources");
        assertEquals(driver, strings(resources.get("driver").get("gpu")), resources.toString());
        Set<String> executorGpus = new HashSet<>();
        for (String kind : KINDS) {
            JsonNode k = resources.get(kind);
            assertTrue(k.get("tasks").asInt() > 0, kind + " ran tasks: " + k);
            assertEquals(0, k.get("tasks_without_gpu").asInt(), "every " + kind + " task received a GPU: " + k);
            executorGpus.addAll(strings(k.get("gpu")));
        }
        assertEquals(2, resources.get("server").get("tasks").asInt(), "one server task per round: " + resources);
        assertEquals(Set.of("0", "1"), executorGpus, "tasks received the workers' addresses only: " + resources);

        // Spark's own record: the executors' addresses are disjoint and not the driver's, and every server-step
        // job ran its one-task result stage under a ResourceProfile other than the default, asking for a GPU.
        List<JsonNode> events = events(run);
        List<String> executorAddresses = new ArrayList<>();
        for (JsonNode e : events) {
            if (e.get("Event").asText().equals("SparkListenerExecutorAdded")) {
                executorAddresses.addAll(strings(e.get("Executor Info").get("Resources").get("gpu").get("addresses")));
            }
        }
        assertEquals(executorAddresses.size(), new HashSet<>(executorAddresses).size(),
                "no address on two executors: " + executorAddresses);
        assertFalse(executorAddresses.contains(driver.get(0)), "the driver's " + driver + " is no executor's: "
                + executorAddresses);
        int serverStages = 0;
        for (JsonNode e : events) {
            if (!e.get("Event").asText().equals("SparkListenerStageSubmitted")) {
                continue;
            }
            JsonNode stage = e.get("Stage Info");
            int profile = stage.get("Resource Profile Id").asInt();
            String description = e.path("Properties").path("spark.job.description").asText("");
            if (profile != 0) {
                serverStages++;
                assertTrue(description.contains("server step"), "only the server stage has a profile: " + description);
                assertEquals(1, stage.get("Number of Tasks").asInt(), description);
                assertEquals(1.0, gpuRequest(events, profile), "profile " + profile + " asks for one GPU per task");
            }
        }
        assertEquals(2, serverStages, "one server stage per round ran under its own profile");
        LocalCluster.report("fake GPUs", start);
    }

    /** @return the GPU amount a task of the given ResourceProfile asks for, from the event log */
    private static double gpuRequest(List<JsonNode> events, int profile) {
        for (JsonNode e : events) {
            if (e.get("Event").asText().equals("SparkListenerResourceProfileAdded")
                    && e.get("Resource Profile Id").asInt() == profile) {
                return e.get("Task Resource Requests").get("gpu").get("Amount").asDouble();
            }
        }
        throw new AssertionError("no SparkListenerResourceProfileAdded for profile " + profile);
    }

    private static List<JsonNode> events(Path run) throws IOException {
        List<String> apps = LocalCluster.applicationsOf(run);
        assertEquals(1, apps.size(), "one application: " + apps);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        try (Stream<Path> logs = Files.list(run.resolve(RunDirectory.EVENTS))) {
            Path log = logs.findFirst().orElseThrow();
            assertTrue(Files.isRegularFile(log), "a plain event-log file: " + log);
            for (String line : Files.readAllLines(log)) {
                events.add(json.readTree(line));
            }
        }
        return events;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
