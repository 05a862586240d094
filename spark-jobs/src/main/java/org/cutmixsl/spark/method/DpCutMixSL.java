package org.cutmixsl.spark.method;

import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.plan.PlanConfig;
import org.cutmixsl.model.privacy.ClipUnit;
import org.cutmixsl.model.privacy.DpGuarantee;
import org.cutmixsl.model.privacy.DpRecord;
import org.cutmixsl.model.privacy.RdpAccountant;
import org.cutmixsl.model.train.DpClip;
import org.cutmixsl.model.train.DpClipAndNoise;
import org.cutmixsl.model.train.DpEvaluationNoise;
import org.cutmixsl.model.train.Seeds;
import org.cutmixsl.model.train.SmashedTransform;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.heads.HeadPolicy;

/**
 * DP-CutMixSL: CutMixSL where each client clips its kept tokens ({@code dp.clipUnit}: each token, or each image's
 * kept tokens together, to L2 norm C) and adds Gaussian noise of σ times one record's sensitivity ({@code dp.record}:
 * an image, or one patch token) to every kept value before encoding ({@link DpClipAndNoise}). Evaluation runs the body on the clipping alone.
 */
final class DpCutMixSL extends CutMixSL {

    private static final long serialVersionUID = 2L;
    private static final long NOISE_STREAM = 0x6e6f697365L;

    private final ClipUnit clipUnit;
    private final DpRecord record;
    private final float clipNorm;
    private final float noiseMultiplier;
    private final double targetEpsilon;
    private final double delta;
    private final RdpAccountant.Conversion conversion;
    private final int groupSize;
    /** {@code dp.evaluation = noise}: evaluate through the clip and the training's noise. */
    private final boolean evaluateWithNoise;
    private final int patches;
    private final long seed;

    DpCutMixSL(Encoding encoding, HeadPolicy heads, PlanConfig plan, ClipUnit clipUnit, DpRecord record,
               float clipNorm, float noiseMultiplier, double targetEpsilon, double delta,
               RdpAccountant.Conversion conversion, boolean evaluateWithNoise, int patches, long seed) {
        super("dp-cutmixsl", encoding, heads, plan);
        record.check(clipUnit);
        this.clipUnit = clipUnit;
        this.record = record;
        this.clipNorm = clipNorm;
        this.noiseMultiplier = noiseMultiplier;
        this.targetEpsilon = targetEpsilon;
        this.delta = delta;
        this.conversion = conversion;
        this.groupSize = plan.groupSize();
        this.evaluateWithNoise = evaluateWithNoise;
        this.patches = patches;
        this.seed = seed;
    }

    /**
     * The configured method. With {@code dp.targetEpsilon} &gt; 0, σ is the accountant's solution for that ε over
     * the most releases of one image in {@code train.rounds} rounds (exact: minibatches are a function of seed,
     * round and client), at dp.delta; otherwise dp.noiseMultiplier.
     */
    static DpCutMixSL create(TrainConfig config, HeadPolicy heads, int[] sampleCounts) {
        DpCutMixSL configured = new DpCutMixSL(config.encoding, heads, config.plan, config.dpClipUnit,
                config.dpRecord, config.dpClipNorm, config.dpNoiseMultiplier, 0, config.dpDelta, config.dpConversion,
                config.dpEvaluateWithNoise, config.model.patchCount(), config.seed);
        if (config.dpTargetEpsilon == 0) {
            return configured;
        }
        long releases = Releases.maxima(config, configured, sampleCounts, config.rounds)[1];
        double sigma = RdpAccountant.noiseMultiplierFor(config.dpTargetEpsilon, releases, config.dpDelta,
                config.dpConversion);
        // σ travels as a float: round up, so that the run's ε never exceeds the target
        float rounded = (float) sigma < sigma ? Math.nextUp((float) sigma) : (float) sigma;
        return new DpCutMixSL(config.encoding, heads, config.plan, config.dpClipUnit, config.dpRecord, config.dpClipNorm,
                rounded, config.dpTargetEpsilon, config.dpDelta, config.dpConversion,
                config.dpEvaluateWithNoise, config.model.patchCount(), config.seed);
    }

    @Override
    public DpGuarantee guarantee(long releasesPerRound, long releasesPerImage) {
        return DpGuarantee.account(noiseMultiplier, clipNorm, clipUnit, record, delta, releasesPerRound, releasesPerImage,
                conversion);
    }

    @Override
    public double targetEpsilon() {
        return targetEpsilon;
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
        return new DpClipAndNoise(mask, layout.batch(), layout.patches(), clipUnit, clipNorm, record, noiseMultiplier,
                Seeds.mix(seed, NOISE_STREAM, client, round, step));
    }

    /**
     * The clipping the body trained on, for unpunched test images. Per token it is exactly the training clip. Per
     * image, a training sample is G shares each clipped to C (norm up to C·√G, G = plan.groupSize), so the whole
     * test image is clipped to C·√G. With {@code dp.evaluation = noise}, the training's noise follows the clip
     * ({@link DpEvaluationNoise}).
     */
    @Override
    public SmashedTransform evaluationTransform() {
        DpClip clip = clipUnit == ClipUnit.TOKEN
                ? new DpClip(ClipUnit.TOKEN, clipNorm)
                : new DpClip(ClipUnit.IMAGE, (float) (clipNorm * Math.sqrt(groupSize)));
        if (!evaluateWithNoise) {
            return clip;
        }
        // the training's noise on every value: a training image sent about P/G of its P tokens
        int kept = Math.max(1, Math.round((float) patches / groupSize));
        return new DpEvaluationNoise(clip, noiseMultiplier * record.sensitivity(clipUnit, clipNorm, kept), seed);
    }

    @Override
    public String privacyNote() {
        String mechanism = noiseMultiplier == 0
                ? "no DP guarantee: kept tokens clipped (per " + clipUnit.configName() + ") without noise"
                : "(ε, δ)-DP of the smashed-data channel only (" + record.statement(clipUnit) + ")";
        return mechanism + "; labels are sent in the clear and head weights are averaged without noise";
    }
}
