package org.cutmixsl.spark.method;

import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.plan.PlanConfig;
import org.cutmixsl.model.privacy.DpGuarantee;
import org.cutmixsl.model.privacy.RdpAccountant;
import org.cutmixsl.model.train.DpClipAndNoise;
import org.cutmixsl.model.train.Seeds;
import org.cutmixsl.model.train.SmashedTransform;
import org.cutmixsl.spark.heads.HeadPolicy;

/**
 * DP-CutMixSL: CutMixSL where each client clips what one image contributes (all its kept tokens
 * together) to L2 norm C and adds Gaussian noise σ·C to every kept value before encoding.
 */
final class DpCutMixSL extends CutMixSL {

    private static final long serialVersionUID = 1L;
    private static final long NOISE_STREAM = 0x6e6f697365L;

    private final float clipNorm;
    private final float noiseMultiplier;
    private final double delta;
    private final RdpAccountant.Conversion conversion;

    DpCutMixSL(Encoding encoding, HeadPolicy heads, PlanConfig plan, float clipNorm, float noiseMultiplier, double delta,
               RdpAccountant.Conversion conversion) {
        super("dp-cutmixsl", encoding, heads, plan);
        this.clipNorm = clipNorm;
        this.noiseMultiplier = noiseMultiplier;
        this.delta = delta;
        this.conversion = conversion;
    }

    @Override
    public DpGuarantee guarantee(long releasesPerRound, long releasesPerImage) {
        return DpGuarantee.account(noiseMultiplier, clipNorm, delta, releasesPerRound, releasesPerImage, conversion);
    }

    @Override
    public SmashedTransform transform(StepLayout layout, int client, long seed, int round, int step) {
        TokenSelection kept = layout.selection(client);
        float[] mask = new float[layout.batch() * layout.patches()];
        for (int b = 0; b < layout.batch(); b++) {
            for (int i : kept.indices(b)) {
                mask[b * layout.patches() + i] = 1f;
            }
        }
        return new DpClipAndNoise(mask, layout.batch(), layout.patches(), clipNorm, noiseMultiplier,
                Seeds.mix(seed, NOISE_STREAM, client, round, step));
    }

    @Override
    public String privacyNote() {
        return "(ε, δ)-DP of the smashed-data channel only (each image's kept tokens clipped to C, Gaussian noise"
                + " σ·C); labels are sent in the clear and head weights are averaged without noise";
    }

    @Override
    public String counterpart() {
        return "cutmixsl";
    }
}
