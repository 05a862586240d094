package org.cutmixsl.spark.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.spark.records.HeadState;
import org.cutmixsl.spark.records.HeadUpdate;
import org.cutmixsl.spark.records.TaskGpus;
import org.junit.jupiter.api.Test;

/**
 * A dropped client sends no head update (the round loop gets none from it), so FedAvg averages only the clients
 * that stepped and a dropped client's optimiser state stays as it was; a hand-over step whose client dropped hands
 * on the head it received, unchanged, and sends nothing.
 */
class DroppedClientsDoNotEnterTheHeadPolicies {

    private static HeadUpdate update(int client, int samples, float[] values, byte optimizer) {
        return new HeadUpdate(client, samples, new HeadState(new ParameterVector(5L, values).toBytes(),
                new byte[] {optimizer}), 10, TaskGpus.NONE, 0);
    }

    @Test
    void fedAvgAveragesOnlyTheClientsThatStepped() {
        HeadStore store = new HeadStore(new ParameterVector(5L, new float[] {0f, 0f}).toBytes());
        store.putOptimizer(1, new byte[] {7});
        FedAvgHeads policy = new FedAvgHeads(1, new int[] {100, 100, 300});
        // client 1 dropped: only 0 and 2 stepped
        SyncTraffic traffic = policy.afterStep(store, 0, true,
                List.of(update(0, 100, new float[] {4f, 8f}, (byte) 1), update(2, 300, new float[] {0f, 4f}, (byte) 2)),
                p -> 10L);
        // (100·4 + 300·0)/400 = 1, (100·8 + 300·4)/400 = 5: client 1's head (the initial zeros) does not count
        assertArrayEquals(new float[] {1f, 5f}, ParameterVector.fromBytes(store.globalParameters()).values());
        assertEquals(Set.of(0, 2), traffic.uploads().keySet(), "only the clients that stepped upload their heads");
        assertArrayEquals(new byte[] {7}, store.stateOf(1).optimizer(), "the dropped client's optimiser is untouched");
    }

    @Test
    void aHandOverWhoseClientDroppedPassesOnTheHeadItReceived() {
        byte[] received = new ParameterVector(5L, new float[] {3f, 1f}).toBytes();
        HeadStore store = new HeadStore(received);
        SyncTraffic traffic = new HandoverHead(true).afterStep(store, 0, false, List.of(), p -> 10L);
        assertTrue(traffic.isEmpty(), "nothing handed over, nothing sent");
        assertArrayEquals(received, store.globalParameters());
    }
}
