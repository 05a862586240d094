package org.cutmixsl.model.train;

import ai.djl.ndarray.NDArray;
import java.io.Serializable;
import org.cutmixsl.model.privacy.ClipUnit;
import org.cutmixsl.model.vit.NativeArrays;

/**
 * L2 clipping of smashed data, without noise: each token (B, P, D → every D-vector) or each image (all its tokens
 * together) is scaled by min(1, C / norm). Zero tokens (punched, or padding) add nothing to an image's norm and stay
 * zero. The deterministic part of {@link DpClipAndNoise}, and what DP-CutMixSL's body is evaluated on.
 *
 * @param unit what is clipped
 * @param clipNorm C, &gt; 0
 */
public record DpClip(ClipUnit unit, float clipNorm) implements SmashedTransform, Serializable {

    public DpClip {
        if (unit == null) {
            throw new IllegalArgumentException("dp.clipUnit: a unit is required");
        }
        if (!(clipNorm > 0 && Float.isFinite(clipNorm))) {
            throw new IllegalArgumentException("dp.clipNorm = " + clipNorm + ": expected a positive number");
        }
    }

    @Override
    public NDArray apply(NDArray smashed, boolean upload) {
        int[] axes = unit == ClipUnit.TOKEN ? new int[] {2} : new int[] {1, 2};
        // The tiny floor keeps sqrt differentiable for a zero token or image (its norm is 0); factor = min(1, C / norm).
        NDArray norms = smashed.square().sum(axes, true).add(NativeArrays.scalar(smashed, 1e-12f)).sqrt();
        // Scalars torch owns: autograd keeps them for backward (see NativeArrays).
        return smashed.mul(norms.maximum(NativeArrays.scalar(smashed, clipNorm)).pow(NativeArrays.scalar(smashed, -1))
                .mul(NativeArrays.scalar(smashed, clipNorm)));
    }
}
