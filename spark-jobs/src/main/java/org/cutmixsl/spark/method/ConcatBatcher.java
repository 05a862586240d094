package org.cutmixsl.spark.method;

import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.mixer.MixedBatch;

/** No mixing: a group's members' batches one after another, one-hot labels (SL, PSL, SFL, centralized). */
final class ConcatBatcher implements ServerBatcher {

    private static final long serialVersionUID = 1L;

    @Override
    public MixedBatch mix(StepLayout layout, int group, byte[][] payloads, int[][] labels, int classes) {
        return org.cutmixsl.model.mixer.ConcatBatcher.mix(payloads, labels, classes);
    }

    @Override
    public byte[][] split(StepLayout layout, int group, float[] gradTokens, int dim, Encoding encoding) {
        return org.cutmixsl.model.mixer.ConcatBatcher.splitGradient(
                layout.members(group).length, layout.batch(), layout.patches(), gradTokens, dim, encoding);
    }
}
