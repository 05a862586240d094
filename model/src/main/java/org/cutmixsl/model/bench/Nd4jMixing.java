package org.cutmixsl.model.bench;

import org.cutmixsl.model.plan.GroupPlan;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterUpdate;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mixers' gather and scatter written with ND4J 1.0.0-M2.1, kept as the measured alternative to the Java loops of
 * {@code org.cutmixsl.model.mixer}: the same results (a test checks it), timed side by side by {@link ModelBench}.
 * CutMix uses {@code Nd4j.scatterUpdate(ASSIGN)} and {@code Nd4j.pullRows} (constructing {@code ScatterUpdate}
 * directly fails in this release); Mixup uses broadcast column-vector products.
 *
 * <p>Holds off-heap index arrays: close it.
 */
public final class Nd4jMixing implements AutoCloseable {

    private final GroupPlan group;
    private final int[][] rowIndices;  // per member: b * P + i of every kept token, in compact row order
    private final INDArray[] indices;  // the same as int32 arrays for scatterUpdate
    private final INDArray[] lambdas;  // per member: (B, 1) drawn λ for Mixup

    public Nd4jMixing(GroupPlan group) {
        this.group = group;
        int m = group.size();
        int p = group.patchCount();
        rowIndices = new int[m][];
        indices = new INDArray[m];
        lambdas = new INDArray[m];
        for (int k = 0; k < m; k++) {
            int n = 0;
            for (int b = 0; b < group.batchSize(); b++) {
                n += group.keptCount(k, b);
            }
            int[] idx = new int[n];
            int at = 0;
            for (int b = 0; b < group.batchSize(); b++) {
                for (int i : group.keptPatches(k, b)) {
                    idx[at++] = b * p + i;
                }
            }
            rowIndices[k] = idx;
            indices[k] = Nd4j.createFromArray(idx);
            float[] l = new float[group.batchSize()];
            for (int b = 0; b < l.length; b++) {
                l[b] = group.drawnRatio(k, b);
            }
            lambdas[k] = Nd4j.create(l, new long[] {l.length, 1}, DataType.FLOAT);
        }
    }

    /** CutMix: each member's (n_k, D) rows into the (B·P, D) batch at their positions. */
    public void cutMixScatter(INDArray batch, INDArray[] memberRows) {
        for (int k = 0; k < group.size(); k++) {
            Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ASSIGN, batch, indices[k], memberRows[k], 1);
        }
    }

    /** CutMix: each member's rows of the (B·P, D) gradient; the caller closes them. */
    public INDArray[] cutMixGather(INDArray grad) {
        INDArray[] out = new INDArray[group.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = Nd4j.pullRows(grad, 1, rowIndices[k]);
        }
        return out;
    }

    /** Mixup: out (B, P·D) = Σ_k λ_k ⊙ members[k], with a scratch array of the same shape. */
    public void mixupCombine(INDArray out, INDArray[] members, INDArray scratch) {
        out.assign(members[0]).muliColumnVector(lambdas[0]);
        for (int k = 1; k < members.length; k++) {
            out.addi(scratch.assign(members[k]).muliColumnVector(lambdas[k]));
        }
    }

    /** Mixup: out[k] (B, P·D) = λ_k ⊙ grad. */
    public void mixupSplit(INDArray grad, INDArray[] out) {
        for (int k = 0; k < out.length; k++) {
            out[k].assign(grad).muliColumnVector(lambdas[k]);
        }
    }

    @Override
    public void close() {
        for (int k = 0; k < indices.length; k++) {
            indices[k].close();
            lambdas[k].close();
        }
    }
}
