package org.cutmixsl.spark.method;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.heads.SyncTraffic;
import org.cutmixsl.spark.links.ClientCost;
import org.cutmixsl.spark.links.LinkProfile;
import org.cutmixsl.spark.links.LinkProfiles;
import org.cutmixsl.spark.links.StepCost;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The simulated time of a hand-built round, through the real methods, equals its value worked out by hand for each
 * structure: parallel clients (the server waits for the slowest), FedAvg's traffic after the step, SL's sequential
 * hand-over, and centralized training, which sends nothing.
 *
 * <p>Client 0: uplink 8 Mbit/s (1 MB/s), downlink 16 Mbit/s (2 MB/s), latency 10 ms, computes twice as long.
 * Client 1: 80 Mbit/s both ways (10 MB/s), no latency, computes as measured.
 */
class SimulatedTimeFollowsEachMethodsStructure {

    private static final double EPS = 1e-9;

    private static final LinkProfiles LINKS = LinkProfiles.of(new LinkProfile(8, 16, 10, 2),
            new LinkProfile(80, 80, 0, 1));

    /** Forward 0.5 s, 1 MB up, 2 MB down, backward 0.25 s. */
    private static final ClientCost CLIENT_0 = new ClientCost(0, 0.5, 1_000_000, 2_000_000, 0.25);
    /** Forward 1.5 s, 1 MB up, 1 MB down, backward 0.1 s. */
    private static final ClientCost CLIENT_1 = new ClientCost(1, 1.5, 1_000_000, 1_000_000, 0.1);

    /** 100 kB of head up and down for each client. */
    private static SyncTraffic heads(int... clients) {
        Map<Integer, Long> bytes = new TreeMap<>();
        for (int c : clients) {
            bytes.put(c, 100_000L);
        }
        return new SyncTraffic(new TreeMap<>(bytes), new TreeMap<>(bytes));
    }

    private static SplitMethod method(String name, String... settings) {
        List<String> all = new java.util.ArrayList<>(List.of("method=" + name, "clients.count=2"));
        all.addAll(List.of(settings));
        return SplitMethods.create(ConfigLoader.load(null, all), new int[] {100, 100});
    }

    // One parallel step, server 0.3 s.
    // Uploads arrive: client 0 at 0.5·2 + 8 Mbit / 8 Mbit/s + 0.01 = 2.01 s, client 1 at 1.5 + 8/80 = 1.6 s: 2.01.
    // Downloads and backward: client 0 16 Mbit / 16 + 0.01 + 0.25·2 = 1.51 s, client 1 8/80 + 0.1 = 0.2 s: 1.51.
    // Step: 2.01 + 0.3 + 1.51 = 3.82 s.
    private static final double PARALLEL_STEP = 3.82;

    @Test
    void parallelClientsWaitForTheSlowest() {
        StepCost step = new StepCost(List.of(CLIENT_0, CLIENT_1), 0.3, SyncTraffic.NONE);
        assertEquals(PARALLEL_STEP, method("psl").simulatedSeconds(List.of(step), LINKS), EPS);
    }

    // FedAvg after the step: uploads 0.8 Mbit: client 0 0.8/8 + 0.01 = 0.11 s, client 1 0.01 s: 0.11; the average's
    // downloads: client 0 0.8/16 + 0.01 = 0.06 s, client 1 0.01 s: 0.06. Round: 3.82 + 0.17 = 3.99 s.
    @ParameterizedTest
    @ValueSource(strings = {"sfl", "cutmixsl", "mixsl", "dp-cutmixsl"})
    void fedAvgTrafficCountsAfterTheStepWhereItHappens(String name) {
        StepCost step = new StepCost(List.of(CLIENT_0, CLIENT_1), 0.3, heads(0, 1));
        assertEquals(PARALLEL_STEP + 0.17, method(name).simulatedSeconds(List.of(step), LINKS), EPS);
    }

    // SL, steps in turn. Step 1 (client 0, server 0.3): 2.01 + 0.3 + 1.51 = 3.82, then client 0 uploads the head
    // (0.11) and client 1 downloads it (0.01). Step 2 (client 1, server 0.2): 1.6 + 0.2 + 0.2 = 2.0, then client 1
    // uploads the head (0.01) and client 0, the first of the next round, downloads it (0.06).
    // Round: 3.82 + 0.12 + 2.0 + 0.07 = 6.01 s, against the 3.82 the same clients take in parallel.
    @Test
    void slHandsOverOneClientAfterAnother() {
        List<StepCost> steps = List.of(new StepCost(List.of(CLIENT_0), 0.3, heads(0)),
                new StepCost(List.of(CLIENT_1), 0.2, heads(1)));
        assertEquals(6.01, method("sl").simulatedSeconds(steps, LINKS), EPS);
    }

    // Centralized: nothing crosses a link, nothing is scaled: (0.5 + 0.3 + 0.25) per step, two steps: 2.1 s.
    // Its pooled "client" (-1) has no link profile: using one would fail.
    @Test
    void centralizedTrainingIsItsMeasuredComputation() {
        ClientCost pooled = new ClientCost(SplitMethod.POOLED_CLIENT, 0.5, 0, 0, 0.25);
        StepCost step = new StepCost(List.of(pooled), 0.3, SyncTraffic.NONE);
        assertEquals(2.1, method("centralized").simulatedSeconds(List.of(step, step), LINKS), EPS);
    }

    // Per-client heads (CutMixSL with head.aggregateEvery = 0) send no heads: the parallel step alone.
    @Test
    void perClientHeadsAddNoSynchronisation() {
        StepCost step = new StepCost(List.of(CLIENT_0, CLIENT_1), 0.3, SyncTraffic.NONE);
        assertEquals(PARALLEL_STEP, method("cutmixsl", "head.aggregateEvery=0").simulatedSeconds(List.of(step), LINKS),
                EPS);
    }
}
