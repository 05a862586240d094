package org.cutmixsl.spark.heads;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.spark.records.HeadUpdate;

/**
 * Heads averaged by FedAvg every k rounds (SFL: every round). Between averages each client trains its
 * own copy; at an average, every client that trained since the last one uploads its parameters, the
 * weighted average (by sample count) becomes every client's head, and each contributor downloads it.
 * Optimiser state stays with each client, as a client's local optimiser would.
 */
public final class FedAvgHeads implements HeadPolicy {

    private static final long serialVersionUID = 1L;

    private final int every;
    private final int[] sampleCounts;

    /**
     * @param every average every this many rounds (≥ 1)
     * @param sampleCounts each client's training-sample count, the FedAvg weights
     */
    public FedAvgHeads(int every, int[] sampleCounts) {
        if (every < 1) {
            throw new IllegalArgumentException("FedAvg every " + every + " rounds");
        }
        this.every = every;
        this.sampleCounts = sampleCounts.clone();
    }

    @Override
    public SyncTraffic afterStep(HeadStore store, int round, boolean lastStepOfRound, List<HeadUpdate> updates, WireMeter wire) {
        for (HeadUpdate u : updates) {
            store.put(u.client(), u.state());
        }
        if (!lastStepOfRound || (round + 1) % every != 0 || !store.hasClientParameters()) {
            return SyncTraffic.NONE;
        }
        SortedMap<Integer, FedAvg.Weighted> heads = new TreeMap<>();
        SortedMap<Integer, Long> uploads = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> e : store.clientParameters().entrySet()) {
            heads.put(e.getKey(), new FedAvg.Weighted(sampleCounts[e.getKey()], ParameterVector.fromBytes(e.getValue())));
            uploads.put(e.getKey(), wire.parameterBytes(e.getValue())); // each contributor uploads its head
        }
        byte[] average = FedAvg.average(heads).toBytes();
        long averageBytes = wire.parameterBytes(average);
        SortedMap<Integer, Long> downloads = new TreeMap<>();
        for (int client : heads.keySet()) {
            downloads.put(client, averageBytes); // and downloads the average
        }
        store.replaceAllParameters(average);
        return new SyncTraffic(uploads, downloads);
    }

    @Override
    public boolean perClientHeads() {
        return false;
    }

    @Override
    public String description() {
        return every == 1 ? "fedavg every round" : "fedavg every " + every + " rounds";
    }
}
