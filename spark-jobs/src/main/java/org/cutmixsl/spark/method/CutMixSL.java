package org.cutmixsl.spark.method;

import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.mixer.CutMixMixer;
import org.cutmixsl.model.mixer.GroupMixer;
import org.cutmixsl.model.plan.PlanConfig;
import org.cutmixsl.spark.heads.HeadPolicy;

/**
 * CutMixSL: each client sends only its share of patch tokens (the CutSmashed data), the server CutMixes
 * the group's tokens with labels mixed by the share actually kept, and returns each client the gradient
 * of its own tokens.
 */
class CutMixSL extends BaseMethod {

    private static final long serialVersionUID = 1L;

    CutMixSL(String name, Encoding encoding, HeadPolicy heads, PlanConfig plan) {
        super(name, encoding, heads, plan);
    }

    @Override
    GroupMixer mixer() {
        return new CutMixMixer();
    }

    @Override
    public String privacyNote() {
        return "the server receives about λ of each client's smashed data (its kept patches); no formal guarantee";
    }
}
