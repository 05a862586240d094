package org.cutmixsl.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.records.RecordIntegrityException;
import org.cutmixsl.spark.round.RoundLoop;
import org.cutmixsl.spark.round.RoundMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Determinism under failure: a run stopped and resumed, and a run whose client task failed and was
 * retried, end with the same metrics (every column but wall time) as an undisturbed run; a damaged
 * record fails the round and writes no model state.
 */
class ResumeAndRetryGiveIdenticalMetrics {

    @TempDir
    static Path runs;

    private static List<String> reference;

    private static TrainConfig config(String... extra) {
        String[] base = {"method=cutmixsl", "train.rounds=3", "eval.every=1"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return TrainingRuns.config(all);
    }

    @BeforeAll
    static void undisturbedRun() {
        reference = TrainingRuns.deterministicParts(TrainingRuns.train(config(), runs.resolve("reference"), false).metrics());
    }

    @Test
    void stoppedAndResumedRunEqualsUndisturbedRun() {
        Path out = runs.resolve("resumed");
        assertThrows(RoundLoop.HaltedForTesting.class,
                () -> TrainingRuns.train(config("testing.haltAfterRound=1"), out, false));
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
        List<RoundMetrics> resumed = TrainingRuns.train(config(), out, true).metrics();
        assertEquals(reference, TrainingRuns.deterministicParts(resumed));
    }

    @Test
    void retriedClientTaskEqualsUndisturbedRun() {
        List<RoundMetrics> retried = TrainingRuns.train(config("testing.failFirstAttemptOfClient=1"),
                runs.resolve("retried"), false).metrics();
        assertEquals(reference, TrainingRuns.deterministicParts(retried));
    }

    @Test
    void sameConfigAndSeedGiveTheSameNumbers() {
        List<RoundMetrics> again = TrainingRuns.train(config(), runs.resolve("again"), false).metrics();
        assertEquals(reference, TrainingRuns.deterministicParts(again));
    }

    @Test
    void serverOnAnExecutorComputesWhatTheDriverComputes() {
        Path out = runs.resolve("executor");
        List<RoundMetrics> onExecutor = TrainingRuns.train(config("server.placement=executor"), out, false).metrics();
        assertEquals(reference, TrainingRuns.deterministicParts(onExecutor));
        assertTrue(Files.isDirectory(out.resolve("server")), "the server's state lives in the run directory");
    }

    @Test
    void damagedRecordFailsTheRoundAndWritesNoModelState() {
        Path out = runs.resolve("corrupt");
        RecordIntegrityException e = assertThrows(RecordIntegrityException.class, () -> TrainingRuns.train(
                config("testing.corruptPayloadOfClient=2", "testing.corruptRound=1"), out, false));
        assertTrue(e.getMessage().contains("client 2") && e.getMessage().contains("round 1"), e.getMessage());
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
        // Round 1 (0-based) failed: the checkpoint of round 1 exists, none of round 2.
        assertTrue(Files.exists(out.resolve("checkpoints/round-000001/_COMPLETE")));
        assertFalse(Files.exists(out.resolve("checkpoints/round-000002")));
    }
}
