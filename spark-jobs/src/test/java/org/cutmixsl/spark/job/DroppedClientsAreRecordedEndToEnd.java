package org.cutmixsl.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cutmixsl.common.cli.ExitCodeMapper;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.io.Location;
import org.apache.hadoop.conf.Configuration;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.heads.HeadStore;
import org.cutmixsl.spark.links.LinkTrace;
import org.cutmixsl.spark.round.Drops;
import org.cutmixsl.spark.round.MetricsCodec;
import org.cutmixsl.spark.round.RoundLoop;
import org.cutmixsl.spark.round.RoundMetrics;
import org.cutmixsl.spark.run.Checkpoint;
import org.cutmixsl.spark.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short real runs with dropped clients (issue 17): metrics.csv's dropped column names exactly the seeded dropouts,
 * the same on a rerun and after a resume; a client that misses the deadline takes its CutMix group with it while its
 * upload still counts as sent, and a client that is always late never steps its head; sl skips the clients that
 * drop out; rounds in which every client drops are recorded and skipped, and after
 * clients.maxEmptyRounds of them in a row the run fails with exit code 4 naming the key. A client whose forward
 * task fails on every attempt fails the run by default, and is a recorded drop with clients.failuresDrop.
 */
class DroppedClientsAreRecordedEndToEnd {

    private static final String[] DROPOUT = {"method=sfl", "clients.dropout=0.2", "train.rounds=5", "eval.every=5"};

    @TempDir
    Path runs;

    @Test
    void seededDropoutsAreRecordedAndRepeatOnARerunAndAfterAResume() throws Exception {
        TrainConfig config = TrainingRuns.config(DROPOUT);
        Path out = runs.resolve("dropout");
        List<RoundMetrics> metrics = TrainingRuns.train(config, out, false).metrics();
        String header = Files.readString(out.resolve("metrics.csv")).lines().findFirst().orElseThrow();
        assertTrue(header.endsWith(",dropped"), header);
        int dropped = 0;
        for (RoundMetrics m : MetricsCodec.read(Location.of(out.toString()))) {
            SortedMap<Integer, String> expected = new TreeMap<>();
            for (int client = 0; client < TrainingRuns.CLIENTS; client++) {
                if (Drops.dropsOut(config.seed, client, m.round() - 1, 0.2)) {
                    expected.put(client, Drops.DROPOUT);
                }
            }
            assertEquals(Drops.format(expected), m.dropped(), "round " + m.round());
            dropped += expected.size();
            if (expected.size() < TrainingRuns.CLIENTS) {
                assertTrue(Double.isFinite(m.trainLoss()), "round " + m.round() + " trained the rest");
            }
        }
        // 20 client-rounds at 0.2: the seeded draw of seed 7 drops some, not most
        assertTrue(dropped >= 1 && dropped <= 8, dropped + " of 20 client-rounds dropped");
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(dropped, summary.get("dropped_client_rounds").asInt());
        assertEquals(5 * TrainingRuns.CLIENTS, summary.get("client_rounds").asInt());

        List<String> reference = TrainingRuns.deterministicParts(metrics);
        assertEquals(reference, TrainingRuns.deterministicParts(
                TrainingRuns.train(config, runs.resolve("again"), false).metrics()), "the same seed, the same run");

        Path resumed = runs.resolve("resumed");
        assertThrows(RoundLoop.HaltedForTesting.class, () -> TrainingRuns.train(TrainingRuns.config(
                "method=sfl", "clients.dropout=0.2", "train.rounds=5", "eval.every=5", "testing.haltAfterRound=2"),
                resumed, false));
        assertEquals(reference, TrainingRuns.deterministicParts(TrainingRuns.train(config, resumed, true).metrics()),
                "a resumed run drops the same clients and computes the same numbers");
    }

    @Test
    void aLateClientTakesItsCutMixGroupWithItAndItsUploadCountsAsSent() throws Exception {
        // client 0 uploads at 0.01 Mbit/s (seconds for any payload), the others over unlimited links
        Path trace = runs.resolve("trace.csv");
        Files.writeString(trace, LinkTrace.HEADER + "\n0,0.01,0,0,1\n1,0,0,0,1\n2,0,0,0,1\n3,0,0,0,1\n");
        String[] base = {"method=cutmixsl", "clients.link.trace=" + trace, "train.rounds=2", "eval.every=2"};
        List<RoundMetrics> onTime = TrainingRuns.train(TrainingRuns.config(base), runs.resolve("on-time"), false)
                .metrics();
        String[] late = java.util.Arrays.copyOf(base, base.length + 1);
        late[base.length] = "clients.deadlineSeconds=1";
        List<RoundMetrics> withDeadline = TrainingRuns.train(TrainingRuns.config(late), runs.resolve("late"), false)
                .metrics();
        for (int r = 0; r < withDeadline.size(); r++) {
            RoundMetrics m = withDeadline.get(r);
            SortedMap<Integer, String> dropped = Drops.parse(m.dropped());
            assertEquals(Drops.DEADLINE, dropped.get(0), "round " + m.round() + ": " + m.dropped());
            assertEquals(2, dropped.size(), "client 0 and its group mate: " + m.dropped());
            assertTrue(dropped.containsValue(Drops.GROUP), m.dropped());
            assertTrue(Double.isFinite(m.trainLoss()), "the other group trained");
            assertEquals("", onTime.get(r).dropped());
            assertEquals(onTime.get(r).bytesUp(), m.bytesUp(), "every upload was sent, the late one too");
            assertTrue(m.bytesDown() < onTime.get(r).bytesDown(), "only the kept group received gradients");
            assertTrue(m.bytesDown() > 0);
        }
        // the server step in an executor task drops the same uploads and computes the same numbers
        String[] onExecutor = java.util.Arrays.copyOf(late, late.length + 1);
        onExecutor[late.length] = "server.placement=executor";
        assertEquals(TrainingRuns.deterministicParts(withDeadline), TrainingRuns.deterministicParts(TrainingRuns.train(
                TrainingRuns.config(onExecutor), runs.resolve("late-executor"), false).metrics()));
    }

    @Test
    void aClientThatIsAlwaysLateNeverStepsItsHeadAndTheOthersDo() throws Exception {
        // psl keeps per-client heads: a client's own head exists only once it has stepped
        Path trace = runs.resolve("slow-client-0.csv");
        Files.writeString(trace, LinkTrace.HEADER + "\n0,0.01,0,0,1\n1,0,0,0,1\n2,0,0,0,1\n3,0,0,0,1\n");
        Path out = runs.resolve("psl-late");
        List<RoundMetrics> metrics = TrainingRuns.train(TrainingRuns.config("method=psl", "clients.link.trace=" + trace,
                "clients.deadlineSeconds=1"), out, false).metrics();
        for (RoundMetrics m : metrics) {
            assertEquals("0:deadline", m.dropped(), "a group of one loses only the late client");
        }
        Checkpoint last = Checkpoint.latest(new RunDirectory(out.toString(), new Configuration())).orElseThrow();
        HeadStore heads = HeadStore.fromBytes(last.heads());
        assertEquals(null, heads.ownParameters(0), "client 0 received no gradient and kept the initial head");
        assertEquals(null, heads.ownOptimizer(0), "and never stepped its optimiser");
        for (int client = 1; client < TrainingRuns.CLIENTS; client++) {
            assertTrue(heads.ownParameters(client) != null, "client " + client + " stepped its head");
        }
    }

    @Test
    void slSkipsTheClientsThatDropOutInItsHandOver() throws Exception {
        TrainConfig config = TrainingRuns.config("method=sl", "clients.dropout=0.3", "train.rounds=3",
                "eval.every=3");
        List<RoundMetrics> metrics = TrainingRuns.train(config, runs.resolve("sl-dropout"), false).metrics();
        int dropped = 0;
        for (RoundMetrics m : metrics) {
            for (int client : Drops.parse(m.dropped()).keySet()) {
                assertTrue(Drops.dropsOut(config.seed, client, m.round() - 1, 0.3));
            }
            dropped += m.droppedClients();
            assertEquals(m.empty(), m.droppedClients() == TrainingRuns.CLIENTS, "round " + m.round());
        }
        assertTrue(dropped > 0, "seed 7 drops someone in three rounds at 0.3");
    }

    @Test
    void roundsInWhichEveryClientDropsAreRecordedAndSkipped() throws Exception {
        // 20 ms latency against a 1 ms deadline: every upload is late, every round empty
        Path out = runs.resolve("empty");
        Training.Result result = TrainingRuns.train(TrainingRuns.config("method=psl", "clients.link.latencyMs=20",
                "clients.deadlineSeconds=0.001", "train.rounds=2", "eval.every=2"), out, false);
        for (RoundMetrics m : result.metrics()) {
            assertTrue(m.empty(), "round " + m.round() + " trained nobody");
            assertEquals("0:deadline;1:deadline;2:deadline;3:deadline", m.dropped());
            assertEquals(0, m.bytesDown(), "no gradient was sent");
            assertTrue(m.bytesUp() > 0, "the late uploads were sent");
        }
        assertTrue(Files.exists(out.resolve("_SUCCESS")), "empty rounds are not an error");
        String row = Files.readString(out.resolve("metrics.csv")).lines().skip(1).findFirst().orElseThrow();
        assertTrue(row.startsWith("1,psl,,"), "the empty round's train_loss is empty: " + row);
    }

    @Test
    void afterMaxEmptyRoundsInARowTheRunFailsWithExitCode4NamingTheKey() throws Exception {
        Path out = runs.resolve("gives-up");
        RoundLoop.EmptyRounds e = assertThrows(RoundLoop.EmptyRounds.class, () -> TrainingRuns.train(
                TrainingRuns.config("method=cutmixsl", "clients.link.latencyMs=20", "clients.deadlineSeconds=0.001",
                        "clients.maxEmptyRounds=2", "train.rounds=4", "eval.every=4"), out, false));
        assertTrue(e.getMessage().contains("clients.maxEmptyRounds = 2"), e.getMessage());
        assertEquals(ExitCodes.TRAINING_FAILED, new ExitCodeMapper().getExitCode(e));
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
        List<RoundMetrics> recorded = MetricsCodec.read(Location.of(out.toString()));
        assertEquals(2, recorded.size(), "it stopped after the second empty round");
        assertTrue(recorded.stream().allMatch(RoundMetrics::empty));
    }

    @Test
    void aClientThatFailsForGoodFailsTheRunByDefaultAndIsADropWhenAllowed() throws Exception {
        // client 1's forward task fails on every attempt (4 under local[2,4]) in round 2
        String[] fails = {"method=cutmixsl", "testing.failEveryAttemptOfClient=1", "testing.failEveryAttemptInRound=2",
                "train.rounds=3", "eval.every=3"};
        Path failed = runs.resolve("failure-fails");
        Exception e = assertThrows(Exception.class, () -> TrainingRuns.train(TrainingRuns.config(fails), failed, false));
        assertEquals(ExitCodes.TRAINING_FAILED, new ExitCodeMapper().getExitCode(e));
        assertFalse(Files.exists(failed.resolve("_SUCCESS")));
        assertEquals(1, MetricsCodec.read(Location.of(failed.toString())).size(), "round 1 stays recorded");

        List<RoundMetrics> clean = TrainingRuns.train(TrainingRuns.config("method=cutmixsl", "train.rounds=3",
                "eval.every=3"), runs.resolve("failure-none"), false).metrics();
        String[] allowed = java.util.Arrays.copyOf(fails, fails.length + 1);
        allowed[fails.length] = "clients.failuresDrop=true";
        Path out = runs.resolve("failure-drops");
        List<RoundMetrics> metrics = TrainingRuns.train(TrainingRuns.config(allowed), out, false).metrics();
        assertTrue(Files.exists(out.resolve("_SUCCESS")), "a failed client is a drop, not a failed run");
        assertEquals(TrainingRuns.deterministicPart(clean.get(0)), TrainingRuns.deterministicPart(metrics.get(0)));
        SortedMap<Integer, String> dropped = Drops.parse(metrics.get(1).dropped());
        assertEquals(Drops.FAILURE, dropped.get(1), metrics.get(1).dropped());
        assertEquals(2, dropped.size(), "client 1 and its CutMix group mate: " + dropped);
        assertTrue(dropped.containsValue(Drops.GROUP), dropped.toString());
        assertTrue(Double.isFinite(metrics.get(1).trainLoss()), "the other group trained");
        assertTrue(metrics.get(1).bytesUp() < clean.get(1).bytesUp(), "client 1 sent nothing");
        assertTrue(metrics.get(1).bytesDown() < clean.get(1).bytesDown(), "only the kept group received gradients");
        assertEquals("", metrics.get(2).dropped(), "round 3 has no failure");
        assertFalse(TrainingRuns.deterministicPart(clean.get(1)).equals(TrainingRuns.deterministicPart(metrics.get(1))));

        // the server step on an executor drops the same clients and computes the same numbers
        String[] onExecutor = java.util.Arrays.copyOf(allowed, allowed.length + 1);
        onExecutor[allowed.length] = "server.placement=executor";
        assertEquals(TrainingRuns.deterministicParts(metrics), TrainingRuns.deterministicParts(TrainingRuns.train(
                TrainingRuns.config(onExecutor), runs.resolve("failure-executor"), false).metrics()));
    }
}
