package org.cutmixsl.model.mixer;

import org.cutmixsl.model.codec.DecodedTokens;
import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.plan.GroupPlan;

/**
 * MixSL's server side (SPEC section 5): every member uploads its full smashed data, the batch is the Mixup
 * X̃[b] = Σ_k λ_k(b) · S_k[b] with the λ the plan drew (before any rounding), labels are mixed with the same λ, and
 * member k receives λ_k(b) · ∂L/∂X̃[b] for all its tokens.
 */
public final class MixupMixer implements GroupMixer {

    @Override
    public TokenSelection uploadSelection(GroupPlan group, int member) {
        return TokenSelection.all(group.batchSize(), group.patchCount());
    }

    @Override
    public int mixedBatchSize(GroupPlan group) {
        return group.batchSize();
    }

    @Override
    public void mixTokensInto(GroupPlan g, DecodedTokens[] members, float[] dest) {
        int d = Uploads.checkShapes(g, members);
        Uploads.requireAll(g, members);
        int row = g.patchCount() * d;
        Uploads.checkDest(dest, (long) g.batchSize() * row, "batch");
        for (int b = 0; b < g.batchSize(); b++) {
            int base = b * row;
            float l0 = g.drawnRatio(0, b);
            float[] s0 = members[0].rows();
            for (int j = base; j < base + row; j++) {
                dest[j] = l0 * s0[j];
            }
            for (int k = 1; k < g.size(); k++) {
                float lk = g.drawnRatio(k, b);
                float[] sk = members[k].rows();
                for (int j = base; j < base + row; j++) {
                    dest[j] += lk * sk[j];
                }
            }
        }
    }

    @Override
    public float[] mixLabels(GroupPlan g, int[][] labels, int numClasses) {
        Uploads.checkLabels(g, labels, numClasses);
        float[] soft = new float[g.batchSize() * numClasses];
        for (int b = 0; b < g.batchSize(); b++) {
            for (int k = 0; k < g.size(); k++) {
                soft[b * numClasses + labels[k][b]] += g.drawnRatio(k, b);
            }
        }
        return soft;
    }

    @Override
    public void splitRowsInto(GroupPlan g, float[] gradX, int dim, float[][] out) {
        int row = g.patchCount() * dim;
        Uploads.checkDest(gradX, (long) g.batchSize() * row, "gradient");
        for (int k = 0; k < g.size(); k++) {
            Uploads.checkOut(g, out, k, (long) g.batchSize() * row);
        }
        for (int k = 0; k < g.size(); k++) {
            float[] o = out[k];
            for (int b = 0; b < g.batchSize(); b++) {
                float lk = g.drawnRatio(k, b);
                for (int j = b * row; j < (b + 1) * row; j++) {
                    o[j] = lk * gradX[j];
                }
            }
        }
    }
}
