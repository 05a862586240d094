package org.cutmixsl.model.plan;

import java.util.Arrays;
import org.cutmixsl.model.codec.TokenSelection;

/**
 * The plan of one group for one round: its members (client ids, in member order) and, for every sample position b of
 * the batch, the member that keeps each patch (the mask Π_1(b)..Π_G(b), which SPEC section 2 calls a partition of
 * the patches), with the shares λ drawn for it.
 *
 * <p>Immutable, and built of primitive arrays only so that it serializes compactly (Kryo's field serializer, Java
 * serialization): the mask is one byte per (sample, patch), or one byte per patch when the mask is shared
 * by the whole batch.
 */
public final class GroupPlan {

    private final int index;
    private final int[] members;
    private final int batchSize;
    private final int patchCount;
    private final int masks;      // batchSize, or 1 when one mask serves every sample
    private final byte[] owner;   // masks × patchCount member indices, unsigned
    private final float[] drawn;  // masks × size, the λ drawn before rounding
    private final int[] counts;   // masks × size, |Π_k(b)|

    GroupPlan(int index, int[] members, int batchSize, int patchCount, int masks, byte[] owner, float[] drawn) {
        this.index = index;
        this.members = members;
        this.batchSize = batchSize;
        this.patchCount = patchCount;
        this.masks = masks;
        this.owner = owner;
        this.drawn = drawn;
        int m = members.length;
        this.counts = new int[masks * m];
        for (int row = 0; row < masks; row++) {
            for (int i = 0; i < patchCount; i++) {
                counts[row * m + (owner[row * patchCount + i] & 0xff)]++;
            }
        }
    }

    /** The group's position in {@link MixingPlan#groups()}. */
    public int index() {
        return index;
    }

    /** The client ids of the members, in member order (a copy). */
    public int[] members() {
        return members.clone();
    }

    /** The client id of member k. */
    public int member(int k) {
        return members[k];
    }

    /** The number of members. */
    public int size() {
        return members.length;
    }

    /** The member index of a client, or an exception when the client is not in this group. */
    public int memberIndexOf(int clientId) {
        for (int k = 0; k < members.length; k++) {
            if (members[k] == clientId) {
                return k;
            }
        }
        throw new IllegalArgumentException("client " + clientId + " is not a member of group " + index + " " + Arrays.toString(members));
    }

    /** B, the batch size every member uses. */
    public int batchSize() {
        return batchSize;
    }

    /** P, the patch count. */
    public int patchCount() {
        return patchCount;
    }

    /** Whether one mask serves every sample position (granularity {@code BATCH}). */
    public boolean sharedAcrossBatch() {
        return masks == 1;
    }

    /** The member index that keeps the given patch of the given sample position. */
    public int owner(int sample, int patch) {
        checkSample(sample);
        if (patch < 0 || patch >= patchCount) {
            throw new IndexOutOfBoundsException("patch " + patch + " outside 0.." + (patchCount - 1));
        }
        return owner[row(sample) * patchCount + patch] & 0xff;
    }

    /**
     * The owner of every patch of one sample position, written into {@code dest[0..P)}: the whole row of
     * {@link #owner(int, int)} at once, for loops over the grid.
     */
    public void owners(int sample, int[] dest) {
        checkSample(sample);
        if (dest.length < patchCount) {
            throw new IllegalArgumentException("destination holds " + dest.length + " entries, the grid has " + patchCount + " patches");
        }
        int base = row(sample) * patchCount;
        for (int i = 0; i < patchCount; i++) {
            dest[i] = owner[base + i] & 0xff;
        }
    }

    /** The patches member k keeps at the given sample position, ascending. */
    public int[] keptPatches(int member, int sample) {
        int[] out = new int[keptCount(member, sample)];
        int base = row(sample) * patchCount;
        int n = 0;
        for (int i = 0; i < patchCount; i++) {
            if ((owner[base + i] & 0xff) == member) {
                out[n++] = i;
            }
        }
        return out;
    }

    /** |Π_k(b)|, the number of patches member k keeps at sample position b. */
    public int keptCount(int member, int sample) {
        checkMember(member);
        checkSample(sample);
        return counts[row(sample) * members.length + member];
    }

    /** keptCount / P: the λ that CutMix labels use (the share actually assigned after rounding). */
    public float shareRatio(int member, int sample) {
        return keptCount(member, sample) / (float) patchCount;
    }

    /** The λ drawn for member k at sample position b before rounding (Dirichlet or 1/G): what Mixup (MixSL) uses. */
    public float drawnRatio(int member, int sample) {
        checkMember(member);
        checkSample(sample);
        return drawn[row(sample) * members.length + member];
    }

    /** The tokens member k keeps, as the codec's selection over the whole batch. */
    public TokenSelection selection(int member) {
        checkMember(member);
        int[] perSample = new int[batchSize];
        long total = 0;
        for (int b = 0; b < batchSize; b++) {
            perSample[b] = counts[row(b) * members.length + member];
            total += perSample[b];
        }
        int[] flat = new int[Math.toIntExact(total)];
        int r = 0;
        for (int b = 0; b < batchSize; b++) {
            int base = row(b) * patchCount;
            for (int i = 0; i < patchCount; i++) {
                if ((owner[base + i] & 0xff) == member) {
                    flat[r++] = i;
                }
            }
        }
        return TokenSelection.ofFlat(patchCount, perSample, flat);
    }

    private int row(int sample) {
        return masks == 1 ? 0 : sample;
    }

    private void checkSample(int sample) {
        if (sample < 0 || sample >= batchSize) {
            throw new IndexOutOfBoundsException("sample " + sample + " outside 0.." + (batchSize - 1));
        }
    }

    private void checkMember(int member) {
        if (member < 0 || member >= members.length) {
            throw new IndexOutOfBoundsException("member " + member + " outside 0.." + (members.length - 1) + " of group " + index);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupPlan g && g.index == index && g.batchSize == batchSize && g.patchCount == patchCount
                && g.masks == masks && Arrays.equals(g.members, members) && Arrays.equals(g.owner, owner)
                && Arrays.equals(g.drawn, drawn);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * index + Arrays.hashCode(members)) + Arrays.hashCode(owner);
    }

    @Override
    public String toString() {
        return "GroupPlan[" + index + ", members=" + Arrays.toString(members) + ", B=" + batchSize + ", P=" + patchCount
                + (masks == 1 ? ", one mask per batch" : "") + "]";
    }
}
