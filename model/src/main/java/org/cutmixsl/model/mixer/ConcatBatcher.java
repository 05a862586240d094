package org.cutmixsl.model.mixer;

import org.cutmixsl.model.codec.DecodedTokens;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.codec.TokenCodec;
import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.plan.GroupPlan;

/**
 * The server input of PSL and SFL (SPEC section 5): the members' full smashed data one after another, G·B samples
 * with one-hot labels, and each member's own sample rows of the gradient back. The plan's patch mask is not
 * used; only its members, batch size and patch count are.
 */
public final class ConcatBatcher implements GroupMixer {

    @Override
    public TokenSelection uploadSelection(GroupPlan group, int member) {
        return TokenSelection.all(group.batchSize(), group.patchCount());
    }

    @Override
    public int mixedBatchSize(GroupPlan group) {
        return group.size() * group.batchSize();
    }

    @Override
    public void mixTokensInto(GroupPlan g, DecodedTokens[] members, float[] dest) {
        int d = Uploads.checkShapes(g, members);
        Uploads.requireAll(g, members);
        int block = g.batchSize() * g.patchCount() * d;
        Uploads.checkDest(dest, (long) g.size() * block, "batch");
        for (int k = 0; k < g.size(); k++) {
            System.arraycopy(members[k].rows(), 0, dest, k * block, block);
        }
    }

    @Override
    public float[] mixLabels(GroupPlan g, int[][] labels, int numClasses) {
        Uploads.checkLabels(g, labels, numClasses);
        float[] soft = new float[g.size() * g.batchSize() * numClasses];
        for (int k = 0; k < g.size(); k++) {
            for (int b = 0; b < g.batchSize(); b++) {
                soft[(k * g.batchSize() + b) * numClasses + labels[k][b]] = 1f;
            }
        }
        return soft;
    }

    @Override
    public void splitRowsInto(GroupPlan g, float[] gradX, int dim, float[][] out) {
        int block = g.batchSize() * g.patchCount() * dim;
        Uploads.checkDest(gradX, (long) g.size() * block, "gradient");
        for (int k = 0; k < g.size(); k++) {
            Uploads.checkOut(g, out, k, block);
            System.arraycopy(gradX, k * block, out[k], 0, block);
        }
    }

    /** From payloads: each member's upload is decoded straight into its block of the batch. */
    @Override
    public MixedBatch mix(GroupPlan g, byte[][] payloads, int[][] labels, int numClasses) {
        int d = Payloads.checkShapes(g, payloads);
        int block = Math.multiplyExact(Math.multiplyExact(g.batchSize(), g.patchCount()), d);
        float[] tokens = new float[Math.multiplyExact(g.size(), block)];
        TokenSelection all = TokenSelection.all(g.batchSize(), g.patchCount());
        for (int k = 0; k < payloads.length; k++) {
            try {
                TokenCodec.decodeInto(payloads[k], tokens, k * block, all);
            } catch (TokenCodec.SelectionMismatchException e) {
                throw new IllegalArgumentException(Uploads.who(g, k) + " sent " + TokenCodec.header(payloads[k]).totalKept() + " of "
                        + (long) g.batchSize() * g.patchCount() + " tokens; this method needs full smashed data", e);
            }
        }
        float[] soft = labels == null ? null : mixLabels(g, labels, numClasses);
        return new MixedBatch(g.size() * g.batchSize(), g.patchCount(), d, labels == null ? 0 : numClasses, tokens, soft);
    }

    /** To payloads: each member's block of the gradient, encoded in place. */
    @Override
    public byte[][] splitGradient(GroupPlan g, float[] gradX, int dim, Encoding encoding) {
        int block = g.batchSize() * g.patchCount() * dim;
        Uploads.checkDest(gradX, (long) g.size() * block, "gradient");
        TokenSelection all = TokenSelection.all(g.batchSize(), g.patchCount());
        byte[][] out = new byte[g.size()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = TokenCodec.encode(gradX, k * block, g.batchSize(), g.patchCount(), dim, all, encoding);
        }
        return out;
    }
}
