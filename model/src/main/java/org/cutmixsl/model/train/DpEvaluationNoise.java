package org.cutmixsl.model.train;

import ai.djl.ndarray.NDArray;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * DP-CutMixSL's evaluation through the whole mechanism ({@code dp.evaluation = noise}): the training clip, then
 * Gaussian noise of the training level on every value of the unpunched test tokens, so that the body is tested on
 * the distribution it trained on even where the noise dominates (a body trained behind much noise and tested on
 * clean tokens can score below chance: README "Privacy"). The noise is a pure function of the run's seed and the
 * tokens themselves, so an evaluation repeats exactly whatever the batching and the task that runs it.
 *
 * <p>The method works out the noise level (σ times one record's sensitivity, at the training's kept tokens).
 *
 * @param clip the clip evaluation applies (the deterministic part)
 * @param noiseSd the standard deviation of the noise on every value, ≥ 0
 * @param seed the run's seed
 */
public record DpEvaluationNoise(DpClip clip, double noiseSd, long seed) implements SmashedTransform, Serializable {

    private static final long STREAM = 0x6576616cL; // "eval"

    public DpEvaluationNoise {
        if (clip == null || !(noiseSd >= 0 && Double.isFinite(noiseSd))) {
            throw new IllegalArgumentException("a clip and a noise sd ≥ 0 are required: " + clip + ", " + noiseSd);
        }
    }

    @Override
    public NDArray apply(NDArray smashed, boolean upload) {
        NDArray clipped = clip.apply(smashed, upload);
        if (noiseSd == 0) {
            return clipped;
        }
        float[] values = clipped.toFloatArray();
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, STREAM, Arrays.hashCode(values)));
        float[] noise = new float[values.length];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (random.nextGaussian() * noiseSd);
        }
        return clipped.add(smashed.getManager().create(noise, smashed.getShape()));
    }

    /** @return the clip: the part without noise */
    @Override
    public SmashedTransform deterministic() {
        return clip;
    }
}
