package org.cutmixsl.spark.links;

import java.util.List;
import org.cutmixsl.spark.heads.SyncTraffic;

/**
 * What one step of a round measurably cost: every client's tasks and records, the server step, and the head
 * synchronisation after it.
 *
 * @param clients the step's clients, by client id
 * @param serverSeconds the server step's measured time
 * @param sync the head policy's traffic after the step
 */
public record StepCost(List<ClientCost> clients, double serverSeconds, SyncTraffic sync) {

    /** Copies the list, read-only. */
    public StepCost {
        clients = List.copyOf(clients);
    }
}
