package org.cutmixsl.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.cutmixsl.model.privacy.ClipUnit;
import org.cutmixsl.model.privacy.DpRecord;

/**
 * DP-CutMixSL's client-side mechanism: the kept tokens are clipped ({@link DpClip}: each token to L2 norm C, or
 * each image's kept tokens together), then Gaussian noise is added to every kept value, of standard deviation σ
 * times the sensitivity of one record's release ({@link DpRecord#sensitivity}): for an image record, σ·C·√k for an
 * image with k kept tokens under per-token clipping and σ·C under per-image clipping; for a token record, σ·C. Punched tokens are not sent, so they are neither
 * counted in the norm nor noised: they stay exactly zero.
 *
 * <p>The clip is computed inside the autograd graph, so the client's recomputed forward pass
 * differentiates through it; the noise is a constant and is drawn only for the upload, from a generator
 * seeded by (seed, round, client, step), so a retried task sends the same noisy tokens. {@link #deterministic()} is
 * the part without noise, for unpunched tokens: what evaluation runs the body on.
 */
public final class DpClipAndNoise implements SmashedTransform {

    private final float[] keptMask; // (B, P): 1 where the client sends the token
    private final int batch;
    private final int patches;
    private final DpClip clip;
    private final DpRecord record;
    private final float noiseMultiplier;
    private final long noiseSeed;

    /**
     * @param keptMask (B·P) 1 where the token is sent, 0 elsewhere
     * @param batch B
     * @param patches P
     * @param unit what is clipped to C
     * @param clipNorm C
     * @param record what one record is (the sensitivity follows from it)
     * @param noiseMultiplier σ, ≥ 0 (0: clipping only)
     * @param noiseSeed seed of this client's noise in this step
     */
    public DpClipAndNoise(float[] keptMask, int batch, int patches, ClipUnit unit, float clipNorm, DpRecord record,
                          float noiseMultiplier, long noiseSeed) {
        if (keptMask.length != batch * patches) {
            throw new IllegalArgumentException("mask of " + keptMask.length + " values for " + batch + "x" + patches);
        }
        if (!(noiseMultiplier >= 0 && Float.isFinite(noiseMultiplier))) {
            throw new IllegalArgumentException("dp.noiseMultiplier = " + noiseMultiplier + ": expected ≥ 0");
        }
        this.keptMask = keptMask;
        this.batch = batch;
        this.patches = patches;
        this.clip = new DpClip(unit, clipNorm);
        record.check(unit);
        this.record = record;
        this.noiseMultiplier = noiseMultiplier;
        this.noiseSeed = noiseSeed;
    }

    @Override
    public NDArray apply(NDArray smashed, boolean upload) {
        NDManager manager = smashed.getManager();
        NDArray mask = manager.create(keptMask, new Shape(batch, patches, 1));
        NDArray clipped = clip.apply(smashed.mul(mask), upload);
        if (!upload || noiseMultiplier == 0f) {
            return clipped;
        }
        return clipped.add(manager.create(noise(Math.toIntExact(smashed.getShape().get(2))), smashed.getShape()));
    }

    /**
     * The noise this transform adds to a (B, P, D) batch: N(0, (σ·sensitivity)²) on every value of a kept token,
     * exactly 0 elsewhere; a pure function of the seed, the mask and the settings.
     *
     * @param dim D
     * @return B·P·D values, row-major
     */
    public float[] noise(int dim) {
        float[] noise = new float[Math.multiplyExact(batch * patches, dim)];
        SplittableRandom random = new SplittableRandom(noiseSeed);
        for (int b = 0; b < batch; b++) {
            int kept = 0;
            for (int i = 0; i < patches; i++) {
                kept += keptMask[b * patches + i] != 0f ? 1 : 0;
            }
            double sd = noiseMultiplier * record.sensitivity(clip.unit(), clip.clipNorm(), kept);
            for (int i = 0; i < patches; i++) {
                if (keptMask[b * patches + i] != 0f) {
                    int base = (b * patches + i) * dim;
                    for (int d = 0; d < dim; d++) {
                        noise[base + d] = (float) (random.nextGaussian() * sd);
                    }
                }
            }
        }
        return noise;
    }

    /** @return the clipping without noise, for unpunched tokens of any batch */
    @Override
    public SmashedTransform deterministic() {
        return clip;
    }
}
