package org.cutmixsl.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.io.FileTrees;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/cutmixsl pipeline} as cron or systemd would run it, in local mode: while one pipeline trains, a
 * second launch on the same folder exits with code 5 naming the holder; a pipeline killed mid-training leaves
 * a stale lock that the next launch takes over, and that launch skips prepare, resumes training from the
 * last checkpoint, skips the attack (this dataset has no server holdout) and writes the report; a launch after
 * that finds everything done and skips every step.
 */
@Tag("cluster")
class PipelineRunsOnceAndContinues {

    @Test
    void lockedWhileRunningStaleAfterAKillThenResumedThenSkipped() throws IOException {
        long start = System.nanoTime();
        LocalCluster.requireBuilt();
        Path work = LocalCluster.HOME.resolve("spark-jobs/target/cluster-tests");
        Path out = work.resolve("pipeline");
        Path markers = work.resolve("markers/pipeline");
        FileTrees.deleteRecursively(out);
        FileTrees.deleteRecursively(markers);
        Path config = LocalCluster.config(work.resolve("pipeline-test.conf"), "clients.perRound = 6",
                "train.rounds = 2", "eval.every = 2", "checkpoint.every = 1");
        Path state = work.resolve("state-unused"); // the pipeline trains in local mode: no cluster

        LocalCluster.Job first = pipeline(work, "pipeline-1", config, out, state, "--set",
                "testing.markerDir=" + markers, "--set", "testing.holdForwardOfRound=2");
        try {
            lockedThenTakenOverThenSkipped(work, config, out, markers, state, first);
        } finally {
            // A failed assertion must not leave the held pipeline and its training JVM behind.
            first.process.descendants().forEach(ProcessHandle::destroyForcibly);
            first.process.destroyForcibly();
        }
        System.out.printf(Locale.ROOT, "cluster test timing: pipeline lock, stale lock, resume, skip took %.1f s%n",
                (System.nanoTime() - start) / 1e9);
    }

    private static void lockedThenTakenOverThenSkipped(Path work, Path config, Path out, Path markers, Path state,
                                                       LocalCluster.Job first) {
        LocalCluster.awaitMarkers(markers, n -> n.startsWith("forward-r2-"), 1, first, Duration.ofMinutes(6));
        // bin/cutmixsl execs the pipeline's JVM: the launched process itself, or one below it.
        ProcessHandle launched = ProcessHandle.of(first.process.pid()).orElseThrow();
        long holder = java.util.stream.Stream.concat(java.util.stream.Stream.of(launched), launched.descendants())
                .filter(p -> p.info().commandLine().orElse("").contains("PipelineCommand"))
                .findFirst().orElseThrow().pid();

        LocalCluster.Job second = pipeline(work, "pipeline-2", config, out, state);
        assertEquals(ExitCodes.LOCKED, second.await(Duration.ofMinutes(2)), second::output);
        assertTrue(second.output().contains("is locked by pid " + holder + " on host "), second.output());

        // A reboot or kill -9 in the middle of training: the pipeline and its training JVM die, the lock stays.
        List<ProcessHandle> tree = new ArrayList<>(ProcessHandle.of(first.process.pid()).orElseThrow().descendants()
                .toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        first.process.destroyForcibly();
        first.await(Duration.ofMinutes(1));
        assertTrue(Files.exists(out.resolve("_LOCK")), "a killed pipeline leaves its lock");

        LocalCluster.Job third = pipeline(work, "pipeline-3", config, out, state);
        assertEquals(0, third.await(Duration.ofMinutes(8)), third::output);
        String log = third.output();
        assertTrue(log.contains("taking over the stale lock") && log.contains("pid " + holder), log);
        assertTrue(log.contains("prepare: skipped"), log);
        assertTrue(log.contains("train (resumed): finished") && log.contains("--resume") && log.contains("after round 1"),
                "training resumed:\n" + log);
        assertTrue(log.contains("attack: skipped: the dataset") && log.contains("has no server holdout"), log);
        assertTrue(log.contains("report: wrote"), log);
        assertTrue(Files.exists(out.resolve("run/_SUCCESS")));
        assertTrue(Files.exists(out.resolve("run/report.html")));
        assertFalse(Files.exists(out.resolve("_LOCK")), "released at the end");

        LocalCluster.Job fourth = pipeline(work, "pipeline-4", config, out, state);
        assertEquals(0, fourth.await(Duration.ofMinutes(3)), fourth::output);
        assertTrue(fourth.output().contains("train: skipped") && fourth.output().contains("is finished"),
                fourth.output());
        assertTrue(fourth.output().contains("report: skipped"), fourth.output());
    }

    private static LocalCluster.Job pipeline(Path work, String name, Path config, Path out, Path state, String... extra) {
        List<String> command = new ArrayList<>(List.of(LocalCluster.HOME.resolve("bin/cutmixsl").toString(), "pipeline",
                "--config", config.toString(), "--out", out.toString()));
        command.addAll(List.of(extra));
        return new LocalCluster.Job(work, name, command, state);
    }
}
