package org.cutmixsl.model.mixer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.codec.TokenCodec;
import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.plan.GroupPlan;
import org.cutmixsl.model.plan.MixingPlanner;
import org.cutmixsl.model.plan.PatchGrid;
import org.cutmixsl.model.plan.PlanConfig;
import org.junit.jupiter.api.Test;

/** Uploads that do not fit the plan are refused with a message naming the member, client and sample. */
class MixerRejectsMismatchedUploadsTest {

    private static final int B = 4;
    private static final int P = 9;
    private static final int D = 3;
    private final GroupPlan g = MixingPlanner.plan(1, 2, new int[] {21, 22}, B, new PatchGrid(3, 3), PlanConfig.defaults()).groups().get(0);
    private final float[] tokens = new float[B * P * D];

    private byte[] upload(int member) {
        return TokenCodec.encode(tokens, B, P, D, g.selection(member), Encoding.FP16);
    }

    /** The refusal of the payload path; the decoded path must refuse the same uploads, with the same opening. */
    private String refusal(GroupMixer mixer, byte[][] payloads) {
        String m = assertThrows(IllegalArgumentException.class, () -> mixer.mix(g, payloads, new int[][] {new int[B], new int[B]}, 3)).getMessage();
        if (payloads.length == g.size()) {
            org.cutmixsl.model.codec.DecodedTokens[] decoded = new org.cutmixsl.model.codec.DecodedTokens[payloads.length];
            for (int k = 0; k < payloads.length; k++) {
                decoded[k] = TokenCodec.decode(payloads[k]);
            }
            String twoStep = assertThrows(IllegalArgumentException.class,
                    () -> mixer.mixTokensInto(g, decoded, new float[mixer.mixedBatchSize(g) * P * decoded[0].dim()])).getMessage();
            String opening = m.substring(0, m.indexOf(':') > 0 ? m.indexOf(':') : m.length());
            assertTrue(twoStep.startsWith(opening), "decoded path: " + twoStep + " / payload path: " + m);
        }
        return m;
    }

    @Test
    void swappedUploadsAreRefused() {
        String m = refusal(new CutMixMixer(), new byte[][] {upload(1), upload(0)});
        assertTrue(m.startsWith("member 0 (client " + g.member(0) + ") of group 0 did not keep the plan's patches: sample "), m);
        assertTrue(m.contains(", expected "), m);
    }

    @Test
    void anUploadWithOneExtraPatchIsRefused() {
        int[][] idx = new int[B][];
        for (int b = 0; b < B; b++) {
            idx[b] = g.keptPatches(0, b);
        }
        int b = 2;
        int missing = g.keptPatches(1, b)[0];
        int[] more = java.util.stream.IntStream.concat(java.util.Arrays.stream(idx[b]), java.util.stream.IntStream.of(missing)).sorted().toArray();
        idx[b] = more;
        byte[] extra = TokenCodec.encode(tokens, B, P, D, TokenSelection.of(P, idx), Encoding.FP16);
        String m = refusal(new CutMixMixer(), new byte[][] {extra, upload(1)});
        assertTrue(m.contains("patches: sample 2: "), m);
    }

    @Test
    void anUploadWithTheRightCountsButOtherPatchesIsRefused() {
        int[][] idx = new int[B][];
        for (int b = 0; b < B; b++) {
            idx[b] = g.keptPatches(0, b);
        }
        int b = 1;
        idx[b][0] = g.keptPatches(1, b)[0]; // one of member 1's patches instead of one of its own
        java.util.Arrays.sort(idx[b]);
        byte[] other = TokenCodec.encode(tokens, B, P, D, TokenSelection.of(P, idx), Encoding.FP16);
        String m = refusal(new CutMixMixer(), new byte[][] {other, upload(1)});
        assertTrue(m.startsWith("member 0 (client " + g.member(0) + ") of group 0 did not keep the plan's patches: sample 1: payload keeps patches "
                + java.util.Arrays.toString(idx[b]) + ", expected " + java.util.Arrays.toString(g.keptPatches(0, b))), m);
    }

    @Test
    void aDifferentBatchOrDimIsRefused() {
        byte[] wrongBatch = TokenCodec.encode(new float[(B + 1) * P * D], B + 1, P, D, TokenSelection.all(B + 1, P), Encoding.FP16);
        assertEquals("member 0 (client " + g.member(0) + ") of group 0 sent a (5, 9) batch, the plan has (4, 9)",
                refusal(new MixupMixer(), new byte[][] {wrongBatch, upload(1)}));
        byte[] wrongDim = TokenCodec.encode(new float[B * P * 4], B, P, 4, g.selection(1), Encoding.FP16);
        assertEquals("member 1 (client " + g.member(1) + ") of group 0 sent tokens of dim 4, member 0 of dim 3",
                refusal(new CutMixMixer(), new byte[][] {upload(0), wrongDim}));
    }

    @Test
    void fullSmashedDataMethodsRefusePunchedUploads() {
        byte[] full = TokenCodec.encode(tokens, B, P, D, TokenSelection.all(B, P), Encoding.FP16);
        String m = refusal(new MixupMixer(), new byte[][] {full, upload(1)});
        assertTrue(m.startsWith("member 1 (client " + g.member(1) + ") of group 0 sent ") && m.endsWith("this method needs full smashed data"), m);
        m = refusal(new ConcatBatcher(), new byte[][] {upload(0), full});
        assertTrue(m.endsWith("this method needs full smashed data"), m);
    }

    @Test
    void labelsOutOfRangeAreRefused() {
        int[][] labels = {new int[B], {0, 1, 3, 0}};
        String m = assertThrows(IllegalArgumentException.class, () -> new CutMixMixer().mix(g, new byte[][] {upload(0), upload(1)}, labels, 3)).getMessage();
        assertEquals("member 1 (client " + g.member(1) + ") of group 0 sample 2 has label 3, expected 0..2", m);
    }

    @Test
    void theWrongNumberOfPayloadsIsRefused() {
        assertEquals("group 0 has 2 members but 1 payloads were given", refusal(new CutMixMixer(), new byte[][] {upload(0)}));
    }

    @Test
    void aCorruptUploadFailsAsCorrupt() {
        byte[] bad = upload(0);
        bad[30] ^= 4;
        assertThrows(org.cutmixsl.model.codec.CorruptPayloadException.class,
                () -> new CutMixMixer().mix(g, new byte[][] {bad, upload(1)}, null, 0));
    }

    @Test
    void aBatchMixedWithoutLabelsSaysSoAndAClosedBatchRefusesAccess() {
        MixedBatch batch = new CutMixMixer().mix(g, new byte[][] {upload(0), upload(1)}, null, 0);
        assertEquals(false, batch.hasLabels());
        assertThrows(IllegalStateException.class, batch::softLabels);
        batch.close();
        assertEquals("mixed batch is closed", assertThrows(IllegalStateException.class, batch::tokens).getMessage());
    }
}
