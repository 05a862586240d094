package org.cutmixsl.spark.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.spark.records.HeadState;
import org.cutmixsl.spark.records.HeadUpdate;
import org.cutmixsl.spark.records.TaskGpus;
import org.junit.jupiter.api.Test;

/**
 * FedAvg with head.aggregateEvery = 3: between averages each client trains its own head (heads differ, nothing
 * is synchronised); at the last step of rounds 2, 5, ... every head becomes the average of the heads trained
 * since the last one, weighted by sample count.
 */
class FedAvgEveryThreeRoundsAveragesOnlyThen {

    private static final long LAYOUT = 4L;
    private static final int[] SAMPLES = {100, 300, 600};

    /** Client c's head after round r: distinct for every client and round. */
    private static float[] trained(int client, int round) {
        return new float[] {client + 10f * round, 2f * client - round, (client + 1) * (round + 1)};
    }

    private static HeadUpdate update(int client, int round) {
        return new HeadUpdate(client, SAMPLES[client],
                new HeadState(new ParameterVector(LAYOUT, trained(client, round)).toBytes(), new byte[] {(byte) client}), 5,
                TaskGpus.NONE, 0);
    }

    private static float[] head(HeadStore store, int client) {
        return ParameterVector.fromBytes(store.stateOf(client).parameters()).values();
    }

    /** The weighted mean, computed here in double precision. */
    private static float[] weightedMean(int round, int... clients) {
        double[] sum = new double[3];
        double weight = 0;
        for (int c : clients) {
            float[] v = trained(c, round);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += SAMPLES[c] * (double) v[i];
            }
            weight += SAMPLES[c];
        }
        float[] out = new float[sum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (sum[i] / weight);
        }
        return out;
    }

    @Test
    void headsDifferBetweenAveragesAndAreTheWeightedMeanRightAfterOne() {
        float[] initial = {0.5f, 0.5f, 0.5f};
        HeadStore store = new HeadStore(new ParameterVector(LAYOUT, initial).toBytes());
        FedAvgHeads policy = new FedAvgHeads(3, SAMPLES);
        for (int round = 0; round < 6; round++) {
            // round 4 runs with partial participation: client 1 sits out
            int[] clients = round == 4 ? new int[] {0, 2} : new int[] {0, 1, 2};
            // two steps per round: only the round's last step may average
            List<HeadUpdate> updates = new ArrayList<>();
            for (int c : clients) {
                updates.add(update(c, round));
            }
            assertEquals(0L, policy.afterStep(store, round, false, updates, p -> 8L).bytes(), "round " + round + ", first step");
            long bytes = policy.afterStep(store, round, true, updates, p -> 8L).bytes();
            if ((round + 1) % 3 != 0) {
                assertEquals(0L, bytes, "round " + round + " synchronises nothing");
                for (int c : clients) {
                    assertArrayEquals(trained(c, round), head(store, c), 0f, "round " + round + ": client " + c);
                }
                assertFalse(Arrays.equals(head(store, 0), head(store, 2)), "round " + round + ": heads differ");
                if (round < 3) {
                    assertArrayEquals(initial, ParameterVector.fromBytes(store.globalParameters()).values(), 0f);
                }
            } else {
                float[] expected = weightedMean(round, clients);
                assertEquals(2L * clients.length * 8L, bytes, "round " + round + ": each client uploads and downloads");
                assertFalse(store.hasClientParameters());
                for (int c = 0; c < SAMPLES.length; c++) {
                    assertArrayEquals(expected, head(store, c), 1e-5f, "round " + round + ": client " + c);
                }
                assertArrayEquals(new byte[] {1}, store.stateOf(1).optimizer(), "optimiser state stays with the client");
            }
        }
    }

    @Test
    void anAverageTakesOnlyTheClientsThatTrainedSinceTheLastOne() {
        HeadStore store = new HeadStore(new ParameterVector(LAYOUT, new float[] {0f, 0f, 0f}).toBytes());
        FedAvgHeads policy = new FedAvgHeads(3, SAMPLES);
        policy.afterStep(store, 2, true, List.of(update(0, 2), update(1, 2), update(2, 2)), p -> 1L);
        // rounds 3 to 5: client 1 never takes part
        for (int round = 3; round < 6; round++) {
            policy.afterStep(store, round, true, List.of(update(0, round), update(2, round)), p -> 1L);
        }
        float[] expected = weightedMean(5, 0, 2);
        assertArrayEquals(expected, head(store, 1), 1e-5f);
        // 3rd element: (100·6 + 600·18)/700 ≈ 16.3; an unweighted mean (12) would fail
        assertEquals((100 * 6 + 600 * 18) / 700.0, head(store, 1)[2], 1e-4);
        assertTrue(Math.abs(head(store, 1)[2] - (6 + 18) / 2.0) > 1);
    }
}
