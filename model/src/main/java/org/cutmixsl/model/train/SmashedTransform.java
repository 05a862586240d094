package org.cutmixsl.model.train;

import ai.djl.ndarray.NDArray;

/**
 * What a client does to its smashed data between the head and the upload, inside the autograd graph so
 * that the recomputed forward of the client's backward pass differentiates through it (DP clipping, for
 * instance). Punching is not a transform: the codec simply does not send punched tokens.
 */
@FunctionalInterface
public interface SmashedTransform {

    /** Sends the head's output as it is. */
    SmashedTransform IDENTITY = (smashed, upload) -> smashed;

    /**
     * @param smashed the head's output (B, P, D), owned by the step's manager
     * @param upload true when computing what is uploaded, false when recomputing for the backward pass
     *     (random noise, which adds a constant, need not be drawn again there)
     * @return the transformed tokens, owned by the same manager
     */
    NDArray apply(NDArray smashed, boolean upload);

    /**
     * The part of this transform without randomness, for unpunched tokens of any batch: what the body is evaluated
     * on, so that it is tested on the distribution it trained on (SPEC section 6). A transform without noise is its
     * own deterministic part.
     *
     * @return the deterministic part
     */
    default SmashedTransform deterministic() {
        return this;
    }
}
