package org.cutmixsl.spark.records;

import java.util.Map;
import java.util.TreeMap;

/**
 * The heads a step's clients start from, broadcast to the client tasks: the global head parameters,
 * and, only for clients that have them, their own parameters and optimiser states (so a FedAvg'd head
 * is shipped once, not once per client).
 */
public final class StepHeads {

    private static final byte[] NONE = new byte[0];

    private final byte[] global;
    private final Map<Integer, byte[]> ownParameters;
    private final Map<Integer, byte[]> ownOptimizers;

    /**
     * @param global parameters of clients without their own
     * @param ownParameters client id → its own parameters
     * @param ownOptimizers client id → its optimiser state
     */
    public StepHeads(byte[] global, Map<Integer, byte[]> ownParameters, Map<Integer, byte[]> ownOptimizers) {
        this.global = global;
        this.ownParameters = new TreeMap<>(ownParameters);
        this.ownOptimizers = new TreeMap<>(ownOptimizers);
    }

    /** @return the state a client starts from (an empty optimiser state means a fresh optimiser) */
    public HeadState stateOf(int client) {
        return new HeadState(ownParameters.getOrDefault(client, global), ownOptimizers.getOrDefault(client, NONE));
    }

    byte[] global() {
        return global;
    }

    Map<Integer, byte[]> ownParameters() {
        return ownParameters;
    }

    Map<Integer, byte[]> ownOptimizers() {
        return ownOptimizers;
    }
}
