package org.cutmixsl.model.mixer;

import org.cutmixsl.model.codec.DecodedTokens;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.codec.TokenCodec;
import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.plan.GroupPlan;

/**
 * CutMixSL's server side (SPEC section 3): the CutMixed batch X̃[b, i] = S_k[b, i] for the member k that kept patch i
 * of sample b, labels ỹ[b] = Σ_k (|Π_k(b)| / P) · onehot(y_k[b]), and for each member the gradient rows of exactly
 * the patches it sent.
 */
public final class CutMixMixer implements GroupMixer {

    @Override
    public TokenSelection uploadSelection(GroupPlan group, int member) {
        return group.selection(member);
    }

    @Override
    public int mixedBatchSize(GroupPlan group) {
        return group.batchSize();
    }

    /**
     * One pass over the plan's (sample, patch) grid: each position takes the next row of the member that owns it,
     * after checking that this row is indeed that patch, so the scatter also proves every upload kept exactly the
     * plan's patches. Sample by sample, so the batch is written front to back: member by member, each sweeping the
     * whole batch with gaps, measured about 40% slower.
     */
    @Override
    public void mixTokensInto(GroupPlan g, DecodedTokens[] members, float[] dest) {
        int d = Uploads.checkShapes(g, members);
        int p = g.patchCount();
        int m = g.size();
        Uploads.checkDest(dest, (long) g.batchSize() * p * d, "batch");
        TokenSelection[] sel = new TokenSelection[m];
        float[][] rows = new float[m][];
        for (int k = 0; k < m; k++) {
            sel[k] = members[k].selection();
            rows[k] = members[k].rows();
        }
        int[] owners = new int[p];
        int[] next = new int[m];
        for (int b = 0; b < g.batchSize(); b++) {
            for (int k = 0; k < m; k++) {
                // Equal counts, and below every owned position holding the owner's next row, make the sets equal.
                if (sel[k].count(b) != g.keptCount(k, b)) {
                    throw mismatch(g, k, sel[k], b);
                }
                next[k] = sel[k].offset(b);
            }
            g.owners(b, owners);
            for (int i = 0; i < p; ) {
                // a run of patches with one owner is a run of consecutive rows on both sides: one copy
                int k = owners[i];
                int r = next[k];
                int end = i + 1;
                while (end < p && owners[end] == k) {
                    end++;
                }
                for (int j = i; j < end; j++) {
                    if (sel[k].patchAt(r + j - i) != j) {
                        throw mismatch(g, k, sel[k], b);
                    }
                }
                System.arraycopy(rows[k], r * d, dest, (b * p + i) * d, (end - i) * d);
                next[k] = r + end - i;
                i = end;
            }
        }
    }

    @Override
    public float[] mixLabels(GroupPlan g, int[][] labels, int numClasses) {
        Uploads.checkLabels(g, labels, numClasses);
        float[] soft = new float[g.batchSize() * numClasses];
        for (int b = 0; b < g.batchSize(); b++) {
            for (int k = 0; k < g.size(); k++) {
                soft[b * numClasses + labels[k][b]] += g.shareRatio(k, b);
            }
        }
        return soft;
    }

    /** One pass over the plan's grid: each gradient row goes to the member that sent that token. */
    @Override
    public void splitRowsInto(GroupPlan g, float[] gradX, int dim, float[][] out) {
        int p = g.patchCount();
        int m = g.size();
        Uploads.checkDest(gradX, (long) g.batchSize() * p * dim, "gradient");
        for (int k = 0; k < m; k++) {
            long kept = 0;
            for (int b = 0; b < g.batchSize(); b++) {
                kept += g.keptCount(k, b);
            }
            Uploads.checkOut(g, out, k, kept * dim);
        }
        int[] owners = new int[p];
        int[] next = new int[m];
        for (int b = 0; b < g.batchSize(); b++) {
            g.owners(b, owners);
            for (int i = 0; i < p; ) {
                int k = owners[i];
                int end = i + 1;
                while (end < p && owners[end] == k) {
                    end++;
                }
                int len = (end - i) * dim;
                System.arraycopy(gradX, (b * p + i) * dim, out[k], next[k], len);
                next[k] += len;
                i = end;
            }
        }
    }

    /**
     * From payloads: each is decoded straight into the batch (the codec's scatter, one pass, no intermediate rows),
     * after the codec has checked that it keeps exactly the plan's patches.
     */
    @Override
    public MixedBatch mix(GroupPlan g, byte[][] payloads, int[][] labels, int numClasses) {
        int d = Payloads.checkShapes(g, payloads);
        float[] tokens = new float[Math.multiplyExact(Math.multiplyExact(g.batchSize(), g.patchCount()), d)];
        for (int k = 0; k < payloads.length; k++) {
            try {
                TokenCodec.decodeInto(payloads[k], tokens, 0, g.selection(k));
            } catch (TokenCodec.SelectionMismatchException e) {
                throw new IllegalArgumentException(Uploads.who(g, k) + " did not keep the plan's patches: " + e.getMessage(), e);
            }
        }
        float[] soft = labels == null ? null : mixLabels(g, labels, numClasses);
        return new MixedBatch(g.batchSize(), g.patchCount(), d, labels == null ? 0 : numClasses, tokens, soft);
    }

    /** To payloads: each member's rows are gathered from the gradient by the encoder itself (one pass). */
    @Override
    public byte[][] splitGradient(GroupPlan g, float[] gradX, int dim, Encoding encoding) {
        Uploads.checkDest(gradX, (long) g.batchSize() * g.patchCount() * dim, "gradient");
        byte[][] out = new byte[g.size()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = TokenCodec.encode(gradX, g.batchSize(), g.patchCount(), dim, g.selection(k), encoding);
        }
        return out;
    }

    private static IllegalArgumentException mismatch(GroupPlan g, int k, TokenSelection s, int b) {
        return new IllegalArgumentException(Uploads.who(g, k) + " did not keep the plan's patches: sample " + b + ": upload keeps patches "
                + java.util.Arrays.toString(s.indices(b)) + ", expected " + java.util.Arrays.toString(g.keptPatches(k, b)));
    }
}
