package org.cutmixsl.model.mixer;

import java.nio.FloatBuffer;
import org.cutmixsl.model.codec.DecodedTokens;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.codec.TokenCodec;
import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.plan.GroupPlan;

/**
 * How the server builds one batch from a group's uploads and splits the batch gradient back (SPEC sections 3 and
 * 5). Implementations are stateless: {@link CutMixMixer}, {@link MixupMixer}, {@link ConcatBatcher}.
 *
 * <p>The work is in two layers. The codec turns payloads into compact rows and back; the mixer moves rows between
 * the clients' selections and the batch ({@link #mixTokensInto}, {@link #splitRowsInto}: the gather and scatter that
 * the benchmarks time against a memory copy) and mixes the labels.
 */
public interface GroupMixer {

    /** The tokens member k of the group uploads: its kept patches (CutMix) or all of them. */
    TokenSelection uploadSelection(GroupPlan group, int member);

    /** N, the samples of the mixed batch: B, or G·B for concatenation. */
    int mixedBatchSize(GroupPlan group);

    /**
     * The batch tokens from the members' decoded uploads, written into {@code dest} (N·P·D floats, (N, P, D)
     * row-major). Checks that every upload has the plan's shape and selection.
     */
    void mixTokensInto(GroupPlan group, DecodedTokens[] members, float[] dest);

    /** The soft labels (N, C) of the batch from the members' integer labels (labels[k][b] in 0..C−1). */
    float[] mixLabels(GroupPlan group, int[][] labels, int numClasses);

    /**
     * Each member's gradient rows, in the compact row order of its {@link #uploadSelection}, from the gradient of the
     * loss with respect to the batch tokens (N·P·D floats). {@code out[k]} must hold exactly the member's rows.
     */
    void splitRowsInto(GroupPlan group, float[] gradX, int dim, float[][] out);

    /**
     * Decodes the members' payloads (member order) and mixes them; labels may be null (tail on the clients).
     * Implementations may decode straight into the batch; the result is the same as decoding first.
     */
    default MixedBatch mix(GroupPlan group, byte[][] payloads, int[][] labels, int numClasses) {
        Payloads.checkShapes(group, payloads);
        DecodedTokens[] decoded = new DecodedTokens[payloads.length];
        for (int k = 0; k < payloads.length; k++) {
            decoded[k] = TokenCodec.decode(payloads[k]);
        }
        return mix(group, decoded, labels, numClasses);
    }

    /** Mixes decoded uploads (member order); labels may be null. */
    default MixedBatch mix(GroupPlan group, DecodedTokens[] members, int[][] labels, int numClasses) {
        if (members.length != group.size()) {
            throw new IllegalArgumentException("group " + group.index() + " has " + group.size() + " members but " + members.length + " uploads were given");
        }
        int dim = members[0].dim();
        int n = mixedBatchSize(group);
        float[] tokens = new float[Math.multiplyExact(Math.multiplyExact(n, group.patchCount()), dim)];
        mixTokensInto(group, members, tokens);
        float[] soft = labels == null ? null : mixLabels(group, labels, numClasses);
        return new MixedBatch(n, group.patchCount(), dim, labels == null ? 0 : numClasses, tokens, soft);
    }

    /**
     * Splits the batch gradient into one payload per member (member order), encoded like the uploads.
     * Implementations may gather inside the encoder; the payloads are the same.
     */
    default byte[][] splitGradient(GroupPlan group, float[] gradX, int dim, Encoding encoding) {
        float[][] rows = new float[group.size()][];
        TokenSelection[] sel = new TokenSelection[group.size()];
        for (int k = 0; k < rows.length; k++) {
            sel[k] = uploadSelection(group, k);
            rows[k] = new float[Math.multiplyExact(sel[k].totalKept(), dim)];
        }
        splitRowsInto(group, gradX, dim, rows);
        byte[][] out = new byte[rows.length][];
        for (int k = 0; k < rows.length; k++) {
            out[k] = TokenCodec.encodeCompact(rows[k], dim, sel[k], encoding);
        }
        return out;
    }

    /** As {@link #splitGradient(GroupPlan, float[], int, Encoding)} for a buffer (DJL's {@code toByteBuffer().asFloatBuffer()}). */
    default byte[][] splitGradient(GroupPlan group, FloatBuffer gradX, int dim, Encoding encoding) {
        float[] g;
        if (gradX.hasArray() && gradX.arrayOffset() == 0 && gradX.position() == 0 && gradX.remaining() == gradX.array().length) {
            g = gradX.array();
        } else {
            g = new float[gradX.remaining()];
            gradX.duplicate().get(g);
        }
        return splitGradient(group, g, dim, encoding);
    }
}
