package org.cutmixsl.spark.heads;

import java.io.Serializable;
import java.util.List;
import org.cutmixsl.spark.records.HeadUpdate;

/** What happens to client heads after a step: kept per client, averaged, or handed on. */
public interface HeadPolicy extends Serializable {

    /**
     * Applies a step's head updates to the store.
     *
     * @param store the heads
     * @param round the round (0-based)
     * @param lastStepOfRound whether this was the round's last step
     * @param updates the step's updated heads, sorted by client id
     * @param wire measures what synchronisation puts on the wire
     * @return what the synchronisation sent, per client (uploads and downloads of head parameters)
     */
    SyncTraffic afterStep(HeadStore store, int round, boolean lastStepOfRound, List<HeadUpdate> updates, WireMeter wire);

    /** @return whether clients keep heads of their own (accuracy is then reported over clients' heads) */
    boolean perClientHeads();

    /** @return how heads are kept, as results.csv's heads column and the report say it */
    String description();

    /** Measures the serialized size of a head as it would cross the wire. */
    @FunctionalInterface
    interface WireMeter {
        /**
         * @param parameters head parameter bytes
         * @return bytes Spark's serializer writes for them
         */
        long parameterBytes(byte[] parameters);
    }
}
