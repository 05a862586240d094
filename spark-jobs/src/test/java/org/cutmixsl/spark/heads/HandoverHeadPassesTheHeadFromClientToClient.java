package org.cutmixsl.spark.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.spark.records.HeadState;
import org.cutmixsl.spark.records.HeadUpdate;
import org.cutmixsl.spark.records.TaskGpus;
import org.junit.jupiter.api.Test;

/**
 * Vanilla SL's head policy: the head one client ends its step with is the head the next client starts from,
 * in the order the steps run, while each client keeps its own optimiser state.
 */
class HandoverHeadPassesTheHeadFromClientToClient {

    private static final long LAYOUT = 9L;

    @Test
    void eachClientStartsFromWhatThePreviousOneEndedWith() {
        HeadStore store = new HeadStore(new ParameterVector(LAYOUT, new float[] {0f, 0f}).toBytes());
        HandoverHead policy = new HandoverHead(true);
        int[] order = {2, 0, 3, 1, 2};
        float[] expectedStart = {0f, 0f};
        for (int step = 0; step < order.length; step++) {
            int client = order[step];
            float[] start = ParameterVector.fromBytes(store.stateOf(client).parameters()).values();
            assertArrayEquals(expectedStart, start, 0f, "step " + step + ": client " + client + " starts from");
            // the client "trains": adds its own id and the step to the head it was given
            float[] end = {start[0] + client, start[1] + step};
            byte[] optimizer = {(byte) client, (byte) step};
            long bytes = policy.afterStep(store, 0, step == order.length - 1, List.of(new HeadUpdate(client, 10,
                    new HeadState(new ParameterVector(LAYOUT, end).toBytes(), optimizer), 7, TaskGpus.NONE, 0)),
                    p -> 99L).bytes();
            assertEquals(14L, bytes, "the client uploads the head and the next one downloads it");
            assertArrayEquals(optimizer, store.stateOf(client).optimizer(), "client " + client + "'s own optimiser");
            expectedStart = end;
        }
        // 2 + 0 + 3 + 1 + 2 and 0 + 1 + 2 + 3 + 4: every step built on the one before
        assertArrayEquals(new float[] {8f, 10f}, ParameterVector.fromBytes(store.globalParameters()).values(), 0f);
        assertArrayEquals(new byte[] {3, 2}, store.stateOf(3).optimizer());
        assertArrayEquals(new byte[0], store.stateOf(4).optimizer(), "a client that never trained has a fresh optimiser");
    }

    @Test
    void centralizedHandoverCountsNoCommunication() {
        HeadStore store = new HeadStore(new ParameterVector(LAYOUT, new float[] {0f}).toBytes());
        long bytes = new HandoverHead(false).afterStep(store, 0, true, List.of(new HeadUpdate(0, 10,
                new HeadState(new ParameterVector(LAYOUT, new float[] {1f}).toBytes(), new byte[0]), 7, TaskGpus.NONE, 0)),
                p -> 99L).bytes();
        assertEquals(0L, bytes);
        assertArrayEquals(new float[] {1f}, ParameterVector.fromBytes(store.stateOf(5).parameters()).values(), 0f);
    }

    @Test
    void twoClientsInOneStepAreRefused() {
        HeadStore store = new HeadStore(new ParameterVector(LAYOUT, new float[] {0f}).toBytes());
        HeadState state = new HeadState(new ParameterVector(LAYOUT, new float[] {1f}).toBytes(), new byte[0]);
        assertThrows(IllegalStateException.class, () -> new HandoverHead(true).afterStep(store, 0, true,
                List.of(new HeadUpdate(0, 1, state, 1, TaskGpus.NONE, 0),
                        new HeadUpdate(1, 1, state, 1, TaskGpus.NONE, 0)), p -> 1L));
    }
}
