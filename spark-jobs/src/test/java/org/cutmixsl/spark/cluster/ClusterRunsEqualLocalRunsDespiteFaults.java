package org.cutmixsl.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.cutmixsl.common.cli.ExitCodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The job on a real Spark standalone cluster (a master and two workers of one core, each executor its own
 * JVM), started and used through the launcher exactly as the README says: records cross process
 * boundaries, an executor killed mid-stage is replaced, a killed driver resumes from its last complete
 * checkpoint, and a damaged record fails the round with exit code 4. Every finished run's metrics (all
 * but wall time) equal those of the same configuration in local mode.
 *
 * <p>Timing is made deterministic with the test-only {@code testing.markerDir} holds (conf/defaults.conf):
 * tasks or the driver stop at a named point, write a marker with their pid, and wait until the test has
 * killed what it wanted and writes the release marker. Each test prints its wall time.
 */
@Tag("cluster")
class ClusterRunsEqualLocalRunsDespiteFaults {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration MARKER_TIMEOUT = Duration.ofMinutes(4);

    private static Path work;
    private static Path config;
    private static LocalCluster cluster;
    private static List<String> localMetrics;

    @BeforeAll
    static void clusterAndLocalReference() throws IOException {
        work = LocalCluster.workFolder("cluster-tests");
        // 20 clients of Fashion-MNIST, batch 32, 3 rounds, a checkpoint every round, evaluation at the end only.
        config = LocalCluster.config(work.resolve("cluster-test.conf"), "train.rounds = 3", "eval.every = 3",
                "checkpoint.every = 1");
        long start = System.nanoTime();
        cluster = LocalCluster.start(work);
        LocalCluster.report("cluster start", start);

        // The reference: the same configuration in local mode (preparing the dataset the first time).
        start = System.nanoTime();
        Path local = work.resolve("runs/local");
        LocalCluster.Job train = cluster.train("local", config, local);
        assertEquals(0, train.await(RUN_TIMEOUT), () -> "local run failed:\n" + train.output());
        localMetrics = LocalCluster.deterministicMetrics(local);
        assertEquals(3, localMetrics.size());
        LocalCluster.report("local-mode reference run", start);
    }

    @AfterEach
    void endWhatATestLeftRunning() {
        if (cluster != null) {
            cluster.endLeftoverJobs();
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            // Nothing of the cluster is left: its daemons' pid files are gone and no process names its state folder.
            assertTrue(LocalCluster.markers(cluster.state(), n -> n.endsWith(".pid")).isEmpty());
            Set<Long> left = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains("-Dcutmixsl.cluster=" + cluster.state()))
                    .map(ProcessHandle::pid).collect(Collectors.toSet());
            assertTrue(left.isEmpty(), "cluster processes left after stop: " + left);
        }
    }

    @Test
    void recordsCrossJvmsAndTheRunEqualsLocalMode() {
        long start = System.nanoTime();
        Path run = work.resolve("runs/cross-jvm");
        Path markers = work.resolve("markers/cross-jvm");
        LocalCluster.Job job = cluster.submit("cross-jvm", config, run, "--set", "testing.markerDir=" + markers);
        assertEquals(0, job.await(RUN_TIMEOUT), () -> "cluster run failed:\n" + job.output());
        assertTrue(Files.exists(run.resolve("_SUCCESS")));
        assertTrue(job.output().contains("Spark UI: http://127.0.0.1:"), "the driver prints the Spark UI address");
        assertEquals(localMetrics, LocalCluster.deterministicMetrics(run));
        // Under spark-submit the run records the commit its application jar was built from.
        assertTrue(LocalCluster.read(run.resolve("provenance.json")).contains(
                "\"code_version\" : \"" + LocalCluster.appJarCommit() + "\""), "code_version is the app jar's commit");
        assertTrue(LocalCluster.appJarCommit().matches("[0-9a-f]{12}(-dirty)?"), LocalCluster.appJarCommit());

        long driver = LocalCluster.pidOf(LocalCluster.onlyOne(LocalCluster.markers(markers, n -> n.startsWith("driver-"))));
        Set<Long> taskPids = LocalCluster.markers(markers, n -> n.startsWith("forward-")).stream()
                .map(LocalCluster::pidOf).collect(Collectors.toSet());
        List<String> apps = LocalCluster.applicationsOf(run);
        assertEquals(1, apps.size(), "one application, one event log: " + apps);
        Set<Long> executors = cluster.executorPidsOf(apps.get(0));
        assertEquals(2, executors.size(), "two executors, one per worker: " + executors);
        assertFalse(executors.contains(driver), "the driver " + driver + " is not an executor " + executors);
        assertEquals(executors, taskPids, "client tasks ran in the executors' JVMs, and only there");
        LocalCluster.report("records cross JVMs", start);
    }

    @Test
    void aKilledExecutorIsReplacedAndTheRunEqualsLocalMode() {
        long start = System.nanoTime();
        Path run = work.resolve("runs/lost-executor");
        Path markers = work.resolve("markers/lost-executor");
        LocalCluster.Job job = cluster.submit("lost-executor", config, run, "--set", "testing.markerDir=" + markers,
                "--set", "testing.holdForwardOfRound=2");
        // Both client-forward tasks of round 2 are running (one per executor) and wait for the release.
        List<String> held = LocalCluster.awaitMarkers(markers, n -> n.startsWith("forward-r2-"), 2, job, MARKER_TIMEOUT);
        String victim = held.get(0);
        long pid = LocalCluster.pidOf(victim);
        assertTrue(LocalCluster.commandLine(pid).contains("CoarseGrainedExecutorBackend"),
                "pid " + pid + " of " + victim + " is an executor: " + LocalCluster.commandLine(pid));
        LocalCluster.kill(pid);
        LocalCluster.release(markers);
        assertEquals(0, job.await(RUN_TIMEOUT), () -> "run with a killed executor failed:\n" + job.output());
        assertTrue(Files.exists(run.resolve("_SUCCESS")));
        assertEquals(localMetrics, LocalCluster.deterministicMetrics(run));

        // The killed task ran again (a later attempt of the same partition) in another JVM.
        String partition = victim.split("-")[2];
        List<String> retried = LocalCluster.markers(markers, n -> n.startsWith("forward-r2-" + partition + "-")
                && !n.contains("-a0-"));
        assertFalse(retried.isEmpty(), "no later attempt of " + victim);
        assertTrue(retried.stream().noneMatch(n -> LocalCluster.pidOf(n) == pid), retried.toString());
        // The worker whose executor died started a replacement: three executors for two workers.
        String app = LocalCluster.applicationsOf(run).get(0);
        assertEquals(3, cluster.executorDirsOf(app).size(), "executor folders: " + cluster.executorDirsOf(app));
        Set<Long> executors = cluster.executorPidsOf(app);
        assertTrue(executors.size() == 3 && executors.contains(pid), "executor JVMs " + executors + ", killed " + pid);
        LocalCluster.report("lost executor", start);
    }

    @Test
    void aDriverKilledWhileCheckpointingResumesToTheSameMetrics() {
        long start = System.nanoTime();
        Path run = work.resolve("runs/lost-driver");
        Path markers = work.resolve("markers/lost-driver");
        LocalCluster.Job first = cluster.submit("lost-driver", config, run, "--set", "testing.markerDir=" + markers,
                "--set", "testing.holdCheckpointOfRound=2");
        // Round 2 is trained and its checkpoint's files are written; its commit marker is not.
        String held = LocalCluster.onlyOne(LocalCluster.awaitMarkers(markers, n -> n.startsWith("checkpoint-r2-"), 1, first,
                MARKER_TIMEOUT));
        long driver = LocalCluster.pidOf(held);
        assertTrue(LocalCluster.commandLine(driver).contains("org.apache.spark.deploy.SparkSubmit"),
                "pid " + driver + " is the driver: " + LocalCluster.commandLine(driver));
        assertTrue(Files.exists(run.resolve("checkpoints/round-000002/body.state")));
        LocalCluster.kill(driver);
        assertEquals(128 + 9, first.await(Duration.ofMinutes(1)), "the launcher reports the driver's SIGKILL");
        assertFalse(Files.exists(run.resolve("_SUCCESS")));
        assertTrue(Files.exists(run.resolve("checkpoints/round-000001/_COMPLETE")));
        assertFalse(Files.exists(run.resolve("checkpoints/round-000002/_COMPLETE")),
                "the checkpoint cut short is not complete");

        LocalCluster.Job resumed = cluster.submit("lost-driver-resume", config, run, "--resume");
        assertEquals(0, resumed.await(RUN_TIMEOUT), () -> "resume failed:\n" + resumed.output());
        assertTrue(resumed.output().contains("after round 1"),
                "resumed from the last complete checkpoint (round 1):\n" + resumed.output());
        assertTrue(Files.exists(run.resolve("_SUCCESS")));
        assertEquals(localMetrics, LocalCluster.deterministicMetrics(run));
        assertEquals(2, LocalCluster.applicationsOf(run).size(), "both applications' event logs are kept");
        LocalCluster.report("lost driver (killed while writing checkpoint 2) and resume", start);
    }

    @Test
    void aCorruptRecordFailsTheRoundWithExitCode4AndWritesNoModelState() {
        long start = System.nanoTime();
        Path run = work.resolve("runs/corrupt");
        // Client 2's upload of round 2 (corruptRound counts from 0) loses a byte on the wire.
        LocalCluster.Job job = cluster.submit("corrupt", config, run, "--set", "testing.corruptPayloadOfClient=2",
                "--set", "testing.corruptRound=1");
        assertEquals(ExitCodes.TRAINING_FAILED, job.await(RUN_TIMEOUT), job::output);
        String output = job.output();
        assertTrue(output.contains("client 2") && output.contains("round 1") && output.contains("damaged"), output);
        assertFalse(Files.exists(run.resolve("_SUCCESS")));
        assertTrue(Files.exists(run.resolve("checkpoints/round-000001/_COMPLETE")));
        assertFalse(Files.exists(run.resolve("checkpoints/round-000002")), "no model state of the failed round");
        LocalCluster.report("corrupt record", start);
    }

}
