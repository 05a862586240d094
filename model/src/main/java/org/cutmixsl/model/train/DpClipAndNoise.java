package org.cutmixsl.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * DP-CutMixSL's client-side mechanism: what one image contributes (all its kept tokens together) is
 * clipped to L2 norm C, then Gaussian noise N(0, σ²C²) is added to every kept value. The sensitivity of
 * one image's upload is therefore C. Punched tokens are not sent, so they are neither counted in the
 * norm nor noised.
 *
 * <p>The clip is computed inside the autograd graph, so the client's recomputed forward pass
 * differentiates through it; the noise is a constant and is drawn only for the upload, from a generator
 * seeded by (seed, round, client), so a retried task sends the same noisy tokens.
 */
public final class DpClipAndNoise implements SmashedTransform {

    private final float[] keptMask; // (B, P): 1 where the client sends the token
    private final int batch;
    private final int patches;
    private final float clipNorm;
    private final float noiseMultiplier;
    private final long noiseSeed;

    /**
     * @param keptMask (B·P) 1 where the token is sent, 0 elsewhere
     * @param batch B
     * @param patches P
     * @param clipNorm C
     * @param noiseMultiplier σ
     * @param noiseSeed seed of this client's noise in this round
     */
    public DpClipAndNoise(float[] keptMask, int batch, int patches, float clipNorm, float noiseMultiplier, long noiseSeed) {
        if (keptMask.length != batch * patches) {
            throw new IllegalArgumentException("mask of " + keptMask.length + " values for " + batch + "x" + patches);
        }
        this.keptMask = keptMask;
        this.batch = batch;
        this.patches = patches;
        this.clipNorm = clipNorm;
        this.noiseMultiplier = noiseMultiplier;
        this.noiseSeed = noiseSeed;
    }

    @Override
    public NDArray apply(NDArray smashed, boolean upload) {
        NDManager manager = smashed.getManager();
        long dim = smashed.getShape().get(2);
        NDArray mask = manager.create(keptMask, new Shape(batch, patches, 1));
        NDArray kept = smashed.mul(mask);
        // The tiny floor keeps sqrt differentiable for an image with no kept tokens (its norm is 0).
        NDArray norms = kept.square().sum(new int[] {1, 2}, true).add(1e-12f).sqrt(); // (B, 1, 1)
        // factor = min(1, C / norm); a zero norm keeps the tokens as they are.
        NDArray factor = norms.maximum(clipNorm).pow(-1).mul(clipNorm);
        NDArray clipped = kept.mul(factor);
        if (!upload || noiseMultiplier == 0f) {
            return clipped;
        }
        float[] noise = new float[Math.toIntExact(batch * patches * dim)];
        SplittableRandom random = new SplittableRandom(noiseSeed);
        float std = noiseMultiplier * clipNorm;
        for (int t = 0; t < batch * patches; t++) {
            if (keptMask[t] != 0f) {
                int base = Math.toIntExact(t * dim);
                for (int d = 0; d < dim; d++) {
                    noise[base + d] = (float) (random.nextGaussian() * std);
                }
            }
        }
        return clipped.add(manager.create(noise, smashed.getShape()));
    }
}
