package org.cutmixsl.spark.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.spark.records.HeadState;
import org.cutmixsl.spark.records.HeadUpdate;
import org.cutmixsl.spark.records.TaskGpus;
import org.junit.jupiter.api.Test;

/** FedAvg weights heads by sample count, sums in client-id order, and so does not depend on arrival order. */
class FedAvgIsWeightedAndOrderIndependent {

    @Test
    void handWorkedExample() {
        SortedMap<Integer, FedAvg.Weighted> heads = new TreeMap<>();
        heads.put(0, new FedAvg.Weighted(1, new ParameterVector(7L, new float[] {1f, 10f})));
        heads.put(1, new FedAvg.Weighted(3, new ParameterVector(7L, new float[] {5f, 2f})));
        // (1·1 + 3·5)/4 = 4, (1·10 + 3·2)/4 = 4
        assertArrayEquals(new float[] {4f, 4f}, FedAvg.average(heads).values());
    }

    @Test
    void resultDoesNotDependOnArrivalOrder() {
        Random random = new Random(3);
        List<Integer> clients = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            clients.add(c);
            float[] v = new float[100];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian() * 1e3f;
            }
            values.add(v);
        }
        float[] reference = null;
        for (int trial = 0; trial < 5; trial++) {
            Collections.shuffle(clients, new Random(trial));
            SortedMap<Integer, FedAvg.Weighted> heads = new TreeMap<>();
            for (int c : clients) {
                heads.put(c, new FedAvg.Weighted(c + 1, new ParameterVector(1L, values.get(c))));
            }
            float[] avg = FedAvg.average(heads).values();
            if (reference == null) {
                reference = avg;
            }
            assertArrayEquals(reference, avg, 0f);
        }
    }

    @Test
    void headsOfAnotherLayoutAreRefused() {
        SortedMap<Integer, FedAvg.Weighted> heads = new TreeMap<>();
        heads.put(0, new FedAvg.Weighted(1, new ParameterVector(1L, new float[] {1f})));
        heads.put(1, new FedAvg.Weighted(1, new ParameterVector(2L, new float[] {1f})));
        assertThrows(IllegalArgumentException.class, () -> FedAvg.average(heads));
    }

    @Test
    void fedAvgPolicyReplacesEveryHeadAndCountsBothDirections() {
        byte[] initial = new ParameterVector(5L, new float[] {0f, 0f}).toBytes();
        HeadStore store = new HeadStore(initial);
        FedAvgHeads policy = new FedAvgHeads(1, new int[] {100, 300});
        List<HeadUpdate> updates = List.of(
                new HeadUpdate(0, 100, new HeadState(new ParameterVector(5L, new float[] {4f, 8f}).toBytes(), new byte[] {1}), 10,
                        TaskGpus.NONE, 0),
                new HeadUpdate(1, 300, new HeadState(new ParameterVector(5L, new float[] {0f, 4f}).toBytes(), new byte[] {2}), 10,
                        TaskGpus.NONE, 0));
        long bytes = policy.afterStep(store, 0, true, updates, p -> 10L).bytes();
        assertEquals(40L, bytes); // two uploads and two downloads of 10 bytes
        assertArrayEquals(new float[] {1f, 5f}, ParameterVector.fromBytes(store.globalParameters()).values());
        assertEquals(false, store.hasClientParameters());
        assertArrayEquals(new byte[] {2}, store.stateOf(1).optimizer()); // optimiser state stays with the client
    }

    @Test
    void perClientPolicyKeepsEachHead() {
        HeadStore store = new HeadStore(new byte[] {0});
        new PerClientHeads().afterStep(store, 0, true,
                List.of(new HeadUpdate(3, 1, new HeadState(new byte[] {9}, new byte[] {8}), 1, TaskGpus.NONE, 0)),
                p -> 1L);
        assertArrayEquals(new byte[] {9}, store.stateOf(3).parameters());
        assertArrayEquals(new byte[] {0}, store.stateOf(4).parameters());
        HeadStore back = HeadStore.fromBytes(store.toBytes());
        assertArrayEquals(new byte[] {9}, back.stateOf(3).parameters());
        assertArrayEquals(new byte[] {8}, back.stateOf(3).optimizer());
    }
}
