package org.cutmixsl.spark.method;

import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.spark.heads.PerClientHeads;

/** Parallel split learning: every client's full smashed data, concatenated; each client keeps its own head. */
final class ParallelSL extends BaseMethod {

    private static final long serialVersionUID = 1L;

    ParallelSL(Encoding encoding) {
        super("psl", encoding, new PerClientHeads(), UNMIXED);
    }
}
