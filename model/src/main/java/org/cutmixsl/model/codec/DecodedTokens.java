package org.cutmixsl.model.codec;

/**
 * A decoded payload: its header, its selection and the kept tokens as compact rows ({@code totalKept × dim} floats in
 * the selection's row order, see {@link TokenSelection}).
 *
 * @param header    what the payload declared
 * @param selection the kept patch indices per sample
 * @param rows      the kept tokens, row-major; owned by the caller
 */
public record DecodedTokens(PayloadHeader header, TokenSelection selection, float[] rows) {

    /** D, the token width. */
    public int dim() {
        return header.dim();
    }

    /**
     * The full (B, P, D) tensor: kept tokens at their positions, zeros elsewhere (what a client backpropagates from
     * when it receives the gradient of its kept tokens).
     */
    public float[] toDense() {
        int p = selection.patches();
        int d = header.dim();
        float[] dense = new float[Math.multiplyExact(Math.multiplyExact(selection.batch(), p), d)];
        for (int b = 0; b < selection.batch(); b++) {
            for (int r = selection.offset(b); r < selection.offset(b + 1); r++) {
                System.arraycopy(rows, r * d, dense, (b * p + selection.patchAt(r)) * d, d);
            }
        }
        return dense;
    }
}
