package org.cutmixsl.model.codec;

import java.util.Arrays;

/**
 * Which patch tokens of a (B, P, D) batch are kept: for every sample b an ascending list of patch indices. The kept
 * tokens of a selection are laid out as <em>compact rows</em>: row r (0 ≤ r &lt; {@link #totalKept()}) is the token of
 * sample b at patch {@link #patchAt(int) patchAt(r)}, for the b with {@code offset(b) ≤ r < offset(b + 1)}; samples in
 * order, patches ascending within a sample. Immutable.
 */
public final class TokenSelection {

    private final int batch;
    private final int patches;
    private final int[] offsets; // batch + 1 prefix sums of the per-sample counts
    private final int[] flat;    // totalKept patch indices
    private final boolean all;

    private TokenSelection(int batch, int patches, int[] offsets, int[] flat, boolean all) {
        this.batch = batch;
        this.patches = patches;
        this.offsets = offsets;
        this.flat = flat;
        this.all = all;
    }

    /** Every token of every sample kept: what uploads of full smashed data (SL, PSL, SFL, MixSL) carry. */
    public static TokenSelection all(int batch, int patches) {
        checkShape(batch, patches);
        long total = (long) batch * patches;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch " + batch + " x " + patches + " patches is too large");
        }
        int[] offsets = new int[batch + 1];
        for (int b = 0; b <= batch; b++) {
            offsets[b] = b * patches;
        }
        int[] flat = new int[(int) total];
        for (int r = 0; r < flat.length; r++) {
            flat[r] = r % patches;
        }
        return new TokenSelection(batch, patches, offsets, flat, true);
    }

    /** A selection from one ascending index array per sample (copied). */
    public static TokenSelection of(int patches, int[][] perSampleAscending) {
        int batch = perSampleAscending.length;
        checkShape(batch, patches);
        int[] counts = new int[batch];
        long total = 0;
        for (int b = 0; b < batch; b++) {
            counts[b] = perSampleAscending[b].length;
            total += counts[b];
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("selection keeps more than Integer.MAX_VALUE tokens");
        }
        int[] flat = new int[(int) total];
        int r = 0;
        for (int[] idx : perSampleAscending) {
            System.arraycopy(idx, 0, flat, r, idx.length);
            r += idx.length;
        }
        return ofFlat(patches, counts, flat);
    }

    /**
     * A selection from per-sample counts and the concatenated per-sample ascending indices ({@code flatIndices} is kept,
     * not copied: callers hand over a fresh array).
     */
    public static TokenSelection ofFlat(int patches, int[] counts, int[] flatIndices) {
        int batch = counts.length;
        checkShape(batch, patches);
        int[] offsets = new int[batch + 1];
        for (int b = 0; b < batch; b++) {
            int c = counts[b];
            if (c < 0 || c > patches) {
                throw new IllegalArgumentException("sample " + b + " keeps " + c + " tokens, expected 0.." + patches);
            }
            offsets[b + 1] = offsets[b] + c;
        }
        if (offsets[batch] != flatIndices.length) {
            throw new IllegalArgumentException("counts add up to " + offsets[batch] + " kept tokens but " + flatIndices.length + " indices were given");
        }
        boolean all = true;
        for (int b = 0; b < batch; b++) {
            int prev = -1;
            for (int r = offsets[b]; r < offsets[b + 1]; r++) {
                int i = flatIndices[r];
                if (i <= prev || i >= patches) {
                    throw new IllegalArgumentException("sample " + b + ": patch indices must be ascending and below " + patches + ", got " + i + " after " + prev);
                }
                prev = i;
            }
            all &= offsets[b + 1] - offsets[b] == patches;
        }
        return new TokenSelection(batch, patches, offsets, flatIndices, all);
    }

    private static void checkShape(int batch, int patches) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        if (patches < 1) {
            throw new IllegalArgumentException("patches must be at least 1, got " + patches);
        }
    }

    /** B, the number of samples. */
    public int batch() {
        return batch;
    }

    /** P, the number of patches per sample. */
    public int patches() {
        return patches;
    }

    /** How many tokens sample b keeps. */
    public int count(int b) {
        return offsets[b + 1] - offsets[b];
    }

    /** The kept patch indices of sample b, ascending (a copy). */
    public int[] indices(int b) {
        return Arrays.copyOfRange(flat, offsets[b], offsets[b + 1]);
    }

    /** The number of kept tokens over all samples. */
    public int totalKept() {
        return offsets[batch];
    }

    /** The compact row of sample b's first kept token; {@code offset(batch())} is {@link #totalKept()}. */
    public int offset(int b) {
        return offsets[b];
    }

    /** The patch index of compact row r. */
    public int patchAt(int row) {
        return flat[row];
    }

    /** Whether every token is kept. */
    public boolean isAll() {
        return all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenSelection s && s.batch == batch && s.patches == patches
                && Arrays.equals(s.offsets, offsets) && Arrays.equals(s.flat, flat);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * batch + patches) + Arrays.hashCode(flat);
    }

    @Override
    public String toString() {
        return "TokenSelection[batch=" + batch + ", patches=" + patches + ", kept=" + totalKept() + (all ? " (all)" : "") + "]";
    }
}
