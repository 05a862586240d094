package org.cutmixsl.spark.method;

import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.mixer.CutMixMixer;
import org.cutmixsl.model.mixer.MixedBatch;

/** CutMix of the members' kept tokens, labels mixed by the share actually kept (CutMixSL, DP-CutMixSL). */
final class CutMixBatcher implements ServerBatcher {

    private static final long serialVersionUID = 1L;

    @Override
    public MixedBatch mix(StepLayout layout, int group, byte[][] payloads, int[][] labels, int classes) {
        return CutMixMixer.mix(layout.groupPlan(group), payloads, labels, classes);
    }

    @Override
    public byte[][] split(StepLayout layout, int group, float[] gradTokens, int dim, Encoding encoding) {
        return CutMixMixer.splitGradient(layout.groupPlan(group), gradTokens, dim, encoding);
    }
}
