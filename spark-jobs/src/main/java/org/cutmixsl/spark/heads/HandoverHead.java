package org.cutmixsl.spark.heads;

import java.util.List;
import java.util.Map;
import org.cutmixsl.spark.records.HeadUpdate;

/**
 * One head handed from client to client (vanilla SL; centralized training's single model): after each
 * step the head parameters that just trained become the head the next client starts from. Each client
 * keeps its own optimiser state, as a local optimiser would; centralized training has one client (the
 * pooled data), so there it is exactly one model with one optimiser.
 */
public final class HandoverHead implements HeadPolicy {

    private static final long serialVersionUID = 1L;

    private final boolean countsCommunication;

    /** @param countsCommunication false when the head never leaves the server (centralized) */
    public HandoverHead(boolean countsCommunication) {
        this.countsCommunication = countsCommunication;
    }

    @Override
    public SyncTraffic afterStep(HeadStore store, int round, boolean lastStepOfRound, List<HeadUpdate> updates, WireMeter wire) {
        if (updates.isEmpty()) {
            // the step's client dropped (issue 17): it trained nothing, so the head it received goes to the next
            return SyncTraffic.NONE;
        }
        if (updates.size() != 1) {
            throw new IllegalStateException("a handed-on head trains on one client per step, got " + updates.size());
        }
        HeadUpdate u = updates.get(0);
        store.replaceAllParameters(u.state().parameters());
        store.putOptimizer(u.client(), u.state().optimizer());
        // The client uploads its head and the next client downloads it (recorded under this client: the method
        // knows who is next).
        if (!countsCommunication) {
            return SyncTraffic.NONE;
        }
        return new SyncTraffic(new java.util.TreeMap<>(Map.of(u.client(), u.parameterBytes())),
                new java.util.TreeMap<>(Map.of(u.client(), u.parameterBytes())));
    }

    @Override
    public boolean perClientHeads() {
        return false;
    }

    /** @return "handed on"; "pooled" for centralized training's one model, whose head never leaves the server */
    @Override
    public String description() {
        return countsCommunication ? "handed on" : "pooled";
    }
}
