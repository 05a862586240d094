package org.cutmixsl.spark.heads;

import java.util.List;
import org.cutmixsl.spark.records.HeadUpdate;

/** Each client keeps its own head, never averaged (PSL; CutMixSL with head.aggregateEvery = 0). */
public final class PerClientHeads implements HeadPolicy {

    private static final long serialVersionUID = 1L;

    /** What {@link #description()} says. */
    public static final String DESCRIPTION = "per client";

    @Override
    public SyncTraffic afterStep(HeadStore store, int round, boolean lastStepOfRound, List<HeadUpdate> updates, WireMeter wire) {
        for (HeadUpdate u : updates) {
            store.put(u.client(), u.state());
        }
        return SyncTraffic.NONE;
    }

    @Override
    public boolean perClientHeads() {
        return true;
    }

    @Override
    public String description() {
        return DESCRIPTION;
    }
}
