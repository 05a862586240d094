package org.cutmixsl.model.train;

import ai.djl.ndarray.NDArray;
import org.cutmixsl.model.vit.NativeArrays;

/**
 * Cross-entropy against soft targets: {@code −Σ_b Σ_c ỹ[b,c]·log softmax(z[b])[c] / N}. With one-hot
 * targets it is the ordinary cross-entropy; with CutMix or Mixup targets it is the mixed loss.
 *
 * <p>The sum is divided by the whole round's sample count N, not by the micro-batch's, so that the
 * gradients of the micro-batches of one round add up to the gradient of the round's mean loss.
 */
public final class SoftCrossEntropy {

    private SoftCrossEntropy() {}

    /**
     * @param logits (n, C)
     * @param targets (n, C), rows summing to 1
     * @param normalizer N, the number of samples the loss is averaged over
     * @return the scalar loss contribution of these n samples
     */
    public static NDArray loss(NDArray logits, NDArray targets, int normalizer) {
        return logits.logSoftmax(-1).mul(targets).sum().neg().div(NativeArrays.scalar(logits, normalizer));
    }
}
