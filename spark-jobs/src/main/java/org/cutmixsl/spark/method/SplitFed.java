package org.cutmixsl.spark.method;

import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.spark.heads.FedAvgHeads;

/** SplitFed: as parallel split learning, with heads averaged by FedAvg every round. */
final class SplitFed extends BaseMethod {

    private static final long serialVersionUID = 1L;

    SplitFed(Encoding encoding, int[] sampleCounts) {
        super("sfl", encoding, new FedAvgHeads(1, sampleCounts), UNMIXED);
    }
}
