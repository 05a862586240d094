package org.cutmixsl.model.mixer;

import org.cutmixsl.model.codec.PayloadHeader;
import org.cutmixsl.model.codec.TokenCodec;
import org.cutmixsl.model.plan.GroupPlan;

/** The checks on a group's payloads that can be made from their headers, before anything is decoded. */
final class Payloads {

    private Payloads() {
    }

    /** One payload per member, each a (B, P) batch of one common dim; returns D. */
    static int checkShapes(GroupPlan g, byte[][] payloads) {
        if (payloads.length != g.size()) {
            throw new IllegalArgumentException("group " + g.index() + " has " + g.size() + " members but " + payloads.length + " payloads were given");
        }
        int dim = -1;
        for (int k = 0; k < payloads.length; k++) {
            PayloadHeader h = TokenCodec.header(payloads[k]);
            if (h.batch() != g.batchSize() || h.patches() != g.patchCount()) {
                throw new IllegalArgumentException(Uploads.who(g, k) + " sent a (" + h.batch() + ", " + h.patches() + ") batch, the plan has ("
                        + g.batchSize() + ", " + g.patchCount() + ")");
            }
            if (k == 0) {
                dim = h.dim();
            } else if (h.dim() != dim) {
                throw new IllegalArgumentException(Uploads.who(g, k) + " sent tokens of dim " + h.dim() + ", member 0 of dim " + dim);
            }
        }
        return dim;
    }
}
