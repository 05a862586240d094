package org.cutmixsl.spark.method;

import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.mixer.MixedBatch;
import org.cutmixsl.model.mixer.MixupMixer;

/** Mixup of the members' full smashed data, weights drawn per sample (MixSL). */
final class MixupBatcher implements ServerBatcher {

    private static final long serialVersionUID = 1L;

    @Override
    public MixedBatch mix(StepLayout layout, int group, byte[][] payloads, int[][] labels, int classes) {
        return MixupMixer.mix(layout.groupPlan(group), payloads, labels, classes);
    }

    @Override
    public byte[][] split(StepLayout layout, int group, float[] gradTokens, int dim, Encoding encoding) {
        return MixupMixer.splitGradient(layout.groupPlan(group), gradTokens, dim, encoding);
    }
}
