package org.cutmixsl.spark.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.apache.spark.TaskContext;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.records.TaskGpus;

/**
 * Test-only ({@code testing.markerDir}, off by default): marker files that let a fault test on a real
 * cluster see which process runs what, and holds that stop the job at a known point until the test has
 * killed a process and writes {@code markerDir/release}. Markers are plain local files, so every JVM of the
 * run must see the folder (one machine, as in the cluster tests, or a shared mount). A marker holds the pid of its
 * process, then {@code gpu=} and the GPU addresses Spark assigned to the driver or the task, comma-separated.
 */
public final class TestingHolds {

    /** The marker a test writes to let every hold go on. */
    public static final String RELEASE = "release";

    private TestingHolds() {}

    /**
     * On the driver, when the round loop starts: {@code driver-<pid>}.
     *
     * @param gpus the driver's GPU addresses
     */
    public static void driverStarted(TrainConfig.Testing testing, List<String> gpus) {
        if (on(testing)) {
            mark(testing, "driver-" + pid(), gpus);
        }
    }

    /**
     * In a client-forward task: {@code forward-r<round>-p<partition>-a<attempt>-<pid>}, then, in round
     * {@code testing.holdForwardOfRound}, a wait for the release marker.
     *
     * @param round the round, 1-based
     */
    public static void clientForwardTask(TrainConfig.Testing testing, int round) {
        if (!on(testing)) {
            return;
        }
        TaskContext task = TaskContext.get();
        int partition = task == null ? -1 : task.partitionId();
        int attempt = task == null ? -1 : task.attemptNumber();
        mark(testing, String.format(Locale.ROOT, "forward-r%d-p%d-a%d-%d", round, partition, attempt, pid()),
                TaskGpus.current().addresses());
        if (round == testing.holdForwardOfRound) {
            awaitRelease(testing, "client forward of round " + round);
        }
    }

    /**
     * In {@link Checkpoint#write}, after the state files and before {@code _COMPLETE}: in round
     * {@code testing.holdCheckpointOfRound}, {@code checkpoint-r<round>-<pid>} and a wait for the release.
     *
     * @param round the checkpoint's round, 1-based
     */
    public static void checkpointBeforeCommit(TrainConfig.Testing testing, int round) {
        if (on(testing) && round == testing.holdCheckpointOfRound) {
            mark(testing, String.format(Locale.ROOT, "checkpoint-r%d-%d", round, pid()), List.of());
            awaitRelease(testing, "checkpoint of round " + round);
        }
    }

    private static boolean on(TrainConfig.Testing testing) {
        return testing != null && !testing.markerDir.isBlank();
    }

    private static long pid() {
        return ProcessHandle.current().pid();
    }

    /** Writes a marker whole (to a temporary name, then moved), so a watcher never reads half of one. */
    private static void mark(TrainConfig.Testing testing, String name, List<String> gpus) {
        Path dir = Paths.get(testing.markerDir);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
            Files.writeString(tmp, pid() + "\ngpu=" + String.join(",", gpus) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("testing.markerDir = " + dir + ": cannot write " + name, e);
        }
    }

    private static void awaitRelease(TrainConfig.Testing testing, String where) {
        Path release = Paths.get(testing.markerDir, RELEASE);
        long deadline = System.nanoTime() + testing.holdSeconds * 1_000_000_000L;
        while (!Files.exists(release)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("testing hold at " + where + ": " + release + " did not appear within "
                        + testing.holdSeconds + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("testing hold at " + where + " interrupted", e);
            }
        }
    }
}
