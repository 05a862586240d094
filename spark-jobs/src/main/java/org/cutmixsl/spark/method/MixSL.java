package org.cutmixsl.spark.method;

import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.mixer.GroupMixer;
import org.cutmixsl.model.mixer.MixupMixer;
import org.cutmixsl.model.plan.PlanConfig;
import org.cutmixsl.spark.heads.HeadPolicy;

/**
 * MixSL: clients send full smashed data; the server mixes each group's tokens by Mixup,
 * X̃ = Σ_k λ_k S_k, with labels mixed by the same λ (drawn per sample by the mixing plan).
 */
final class MixSL extends BaseMethod {

    private static final long serialVersionUID = 1L;

    MixSL(Encoding encoding, HeadPolicy heads, PlanConfig plan) {
        super("mixsl", encoding, heads, plan);
    }

    @Override
    GroupMixer mixer() {
        return new MixupMixer();
    }

    @Override
    public String privacyNote() {
        return "the server receives full smashed data of every client, mixed with one other client's;"
                + " no formal privacy guarantee";
    }
}
