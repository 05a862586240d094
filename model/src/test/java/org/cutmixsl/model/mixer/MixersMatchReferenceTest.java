package org.cutmixsl.model.mixer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.cutmixsl.model.codec.DecodedTokens;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.codec.TokenCodec;
import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.plan.GroupPlan;
import org.cutmixsl.model.plan.MixingPlan;
import org.cutmixsl.model.plan.MixingPlanner;
import org.cutmixsl.model.plan.PatchGrid;
import org.cutmixsl.model.plan.PlanConfig;
import org.junit.jupiter.api.Test;

/**
 * The three mixers against plain nested loops over float arrays, written straight from SPEC sections 3 and 5, on
 * random plans and data: the same batch, labels and gradient payloads, bit for bit with fp32 payloads and, with the
 * lossy encodings, bit for bit against the same loops run on the decoded tokens.
 */
class MixersMatchReferenceTest {

    /** One group's inputs: a plan, each member's full smashed data (B, P, D) and labels. */
    private record Case(GroupPlan g, int dim, int classes, float[][] smashed, int[][] labels) {
        int b() {
            return g.batchSize();
        }

        int p() {
            return g.patchCount();
        }
    }

    private static Case randomCase(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PatchGrid grid = new PatchGrid(2 + r.nextInt(6), 2 + r.nextInt(6));
        int groupSize = 1 + r.nextInt(Math.min(4, grid.patchCount()));
        PlanConfig cfg = PlanConfig.defaults().withGroupSize(groupSize).withAlpha(new double[] {0.3, 1, 5}[r.nextInt(3)])
                .withGranularity(r.nextInt(4) == 0 ? PlanConfig.Granularity.BATCH : PlanConfig.Granularity.SAMPLE);
        int n = groupSize + r.nextInt(groupSize); // one group, possibly a remainder group
        if (n > grid.patchCount()) {
            n = groupSize;
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 10 * i + 3;
        }
        MixingPlan plan = MixingPlanner.plan(seed, r.nextInt(100), ids, 1 + r.nextInt(9), grid, cfg);
        GroupPlan g = plan.groups().get(0);
        int dim = 1 + r.nextInt(40);
        int classes = 2 + r.nextInt(9);
        float[][] smashed = new float[g.size()][g.batchSize() * grid.patchCount() * dim];
        int[][] labels = new int[g.size()][g.batchSize()];
        for (int k = 0; k < g.size(); k++) {
            for (int i = 0; i < smashed[k].length; i++) {
                smashed[k][i] = (float) r.nextGaussian();
            }
            for (int b = 0; b < g.batchSize(); b++) {
                labels[k][b] = r.nextInt(classes);
            }
        }
        return new Case(g, dim, classes, smashed, labels);
    }

    // ------------------------------------------------------------------------------ the reference, as loops

    private static float[] cutmixTokens(Case c, float[][] s) {
        float[] x = new float[c.b() * c.p() * c.dim()];
        for (int b = 0; b < c.b(); b++) {
            for (int i = 0; i < c.p(); i++) {
                int k = c.g().owner(b, i);
                for (int j = 0; j < c.dim(); j++) {
                    x[(b * c.p() + i) * c.dim() + j] = s[k][(b * c.p() + i) * c.dim() + j];
                }
            }
        }
        return x;
    }

    private static float[] cutmixLabels(Case c) {
        float[] y = new float[c.b() * c.classes()];
        for (int b = 0; b < c.b(); b++) {
            for (int k = 0; k < c.g().size(); k++) {
                y[b * c.classes() + c.labels()[k][b]] += c.g().keptCount(k, b) / (float) c.p();
            }
        }
        return y;
    }

    /** Member k's gradient rows: G[b, i, :] for its kept patches i, samples in order, patches ascending. */
    private static float[] cutmixGradient(Case c, float[] grad, int k) {
        java.util.List<Float> rows = new java.util.ArrayList<>();
        for (int b = 0; b < c.b(); b++) {
            for (int i = 0; i < c.p(); i++) {
                if (c.g().owner(b, i) == k) {
                    for (int j = 0; j < c.dim(); j++) {
                        rows.add(grad[(b * c.p() + i) * c.dim() + j]);
                    }
                }
            }
        }
        float[] out = new float[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i);
        }
        return out;
    }

    private static float[] mixupTokens(Case c, float[][] s) {
        float[] x = new float[c.b() * c.p() * c.dim()];
        for (int b = 0; b < c.b(); b++) {
            for (int t = 0; t < c.p() * c.dim(); t++) {
                int at = b * c.p() * c.dim() + t;
                float v = c.g().drawnRatio(0, b) * s[0][at];
                for (int k = 1; k < c.g().size(); k++) {
                    v += c.g().drawnRatio(k, b) * s[k][at];
                }
                x[at] = v;
            }
        }
        return x;
    }

    private static float[] mixupLabels(Case c) {
        float[] y = new float[c.b() * c.classes()];
        for (int b = 0; b < c.b(); b++) {
            for (int k = 0; k < c.g().size(); k++) {
                y[b * c.classes() + c.labels()[k][b]] += c.g().drawnRatio(k, b);
            }
        }
        return y;
    }

    private static float[] mixupGradient(Case c, float[] grad, int k) {
        float[] out = new float[grad.length];
        for (int b = 0; b < c.b(); b++) {
            for (int t = 0; t < c.p() * c.dim(); t++) {
                out[b * c.p() * c.dim() + t] = c.g().drawnRatio(k, b) * grad[b * c.p() * c.dim() + t];
            }
        }
        return out;
    }

    private static float[] concatTokens(Case c, float[][] s) {
        int block = c.b() * c.p() * c.dim();
        float[] x = new float[c.g().size() * block];
        for (int k = 0; k < c.g().size(); k++) {
            for (int t = 0; t < block; t++) {
                x[k * block + t] = s[k][t];
            }
        }
        return x;
    }

    private static float[] concatLabels(Case c) {
        float[] y = new float[c.g().size() * c.b() * c.classes()];
        for (int k = 0; k < c.g().size(); k++) {
            for (int b = 0; b < c.b(); b++) {
                y[(k * c.b() + b) * c.classes() + c.labels()[k][b]] = 1f;
            }
        }
        return y;
    }

    private static float[] concatGradient(Case c, float[] grad, int k) {
        int block = c.b() * c.p() * c.dim();
        float[] out = new float[block];
        for (int t = 0; t < block; t++) {
            out[t] = grad[k * block + t];
        }
        return out;
    }

    // ------------------------------------------------------------------------------ the comparison

    private interface Reference {
        float[] tokens(Case c, float[][] smashed);

        float[] labels(Case c);

        float[] gradient(Case c, float[] grad, int member);
    }

    private static final Reference CUTMIX = new Reference() {
        public float[] tokens(Case c, float[][] s) {
            return cutmixTokens(c, s);
        }

        public float[] labels(Case c) {
            return cutmixLabels(c);
        }

        public float[] gradient(Case c, float[] grad, int k) {
            return cutmixGradient(c, grad, k);
        }
    };

    private static final Reference MIXUP = new Reference() {
        public float[] tokens(Case c, float[][] s) {
            return mixupTokens(c, s);
        }

        public float[] labels(Case c) {
            return mixupLabels(c);
        }

        public float[] gradient(Case c, float[] grad, int k) {
            return mixupGradient(c, grad, k);
        }
    };

    private static final Reference CONCAT = new Reference() {
        public float[] tokens(Case c, float[][] s) {
            return concatTokens(c, s);
        }

        public float[] labels(Case c) {
            return concatLabels(c);
        }

        public float[] gradient(Case c, float[] grad, int k) {
            return concatGradient(c, grad, k);
        }
    };

    private static void matches(GroupMixer mixer, Reference ref) {
        for (long seed = 0; seed < 120; seed++) {
            Case c = randomCase(seed);
            Encoding enc = Encoding.values()[(int) (seed % 3)];
            byte[][] payloads = new byte[c.g().size()][];
            float[][] received = new float[c.g().size()][]; // what the server sees after the codec
            for (int k = 0; k < payloads.length; k++) {
                TokenSelection sel = mixer.uploadSelection(c.g(), k);
                payloads[k] = TokenCodec.encode(c.smashed()[k], c.b(), c.p(), c.dim(), sel, enc);
                received[k] = new float[c.smashed()[k].length];
                TokenCodec.decodeInto(payloads[k], received[k], 0);
            }
            String where = mixer.getClass().getSimpleName() + " seed " + seed + " " + enc;
            // the two-step path: decode first, then the mixer's own scatter
            DecodedTokens[] decoded = new DecodedTokens[payloads.length];
            for (int k = 0; k < payloads.length; k++) {
                decoded[k] = TokenCodec.decode(payloads[k]);
            }
            try (MixedBatch twoStep = mixer.mix(c.g(), decoded, c.labels(), c.classes())) {
                assertArrayEquals(ref.tokens(c, received), twoStep.tokenArray(), where + ": decoded uploads");
                assertArrayEquals(ref.labels(c), twoStep.softLabels(), where + ": decoded uploads");
            }
            try (MixedBatch batch = mixer.mix(c.g(), payloads, c.labels(), c.classes())) {
                assertArrayEquals(ref.tokens(c, received), batch.tokenArray(), where);
                if (enc == Encoding.FP32) {
                    assertArrayEquals(ref.tokens(c, c.smashed()), batch.tokenArray(), where + ": fp32 is exact end to end");
                }
                assertArrayEquals(ref.labels(c), batch.softLabels(), where);
                for (int b = 0; b < batch.batch(); b++) {
                    float sum = 0;
                    for (int cl = 0; cl < c.classes(); cl++) {
                        sum += batch.softLabels()[b * c.classes() + cl];
                    }
                    assertEquals(1f, sum, 1e-5f, "soft label row sums to 1");
                }
                assertEquals(mixer.mixedBatchSize(c.g()), batch.batch());
                assertEquals(batch.batch() * c.p() * c.dim(), batch.tokens().remaining());

                float[] grad = new float[batch.tokenArray().length];
                SplittableRandom r = new SplittableRandom(seed + 1000);
                for (int i = 0; i < grad.length; i++) {
                    grad[i] = (float) r.nextGaussian() * 1e-3f;
                }
                byte[][] down = mixer.splitGradient(c.g(), grad, c.dim(), enc);
                float[][] rows = new float[down.length][];
                for (int k = 0; k < down.length; k++) {
                    rows[k] = new float[mixer.uploadSelection(c.g(), k).totalKept() * c.dim()];
                }
                mixer.splitRowsInto(c.g(), grad, c.dim(), rows);
                for (int k = 0; k < down.length; k++) {
                    assertArrayEquals(ref.gradient(c, grad, k), rows[k], where + " member " + k + ": the gather alone");
                    TokenSelection sel = mixer.uploadSelection(c.g(), k);
                    DecodedTokens d = TokenCodec.decode(down[k]);
                    assertEquals(sel, d.selection(), where + " member " + k + " gets gradients for exactly what it sent");
                    assertArrayEquals(TokenCodec.encodeCompact(ref.gradient(c, grad, k), c.dim(), sel, enc), down[k], where + " member " + k);
                    if (enc == Encoding.FP32) {
                        assertArrayEquals(ref.gradient(c, grad, k), d.rows(), where + " member " + k);
                    }
                }
            }
        }
    }

    @Test
    void cutMixMatchesTheReference() {
        matches(new CutMixMixer(), CUTMIX);
    }

    @Test
    void mixupMatchesTheReference() {
        matches(new MixupMixer(), MIXUP);
    }

    @Test
    void concatenationMatchesTheReference() {
        matches(new ConcatBatcher(), CONCAT);
    }

    @Test
    void aCutMixBatchTakesEachPatchFromTheClientThatKeptIt() {
        // A hand-checked case: 1 sample, 2x2 grid, dim 1; client tokens are 1,2,3,4 and 10,20,30,40.
        GroupPlan g = MixingPlanner.plan(5, 0, new int[] {7, 8}, 1, new PatchGrid(2, 2), PlanConfig.defaults()).groups().get(0);
        float[][] s = {{1, 2, 3, 4}, {10, 20, 30, 40}};
        byte[][] p = new byte[2][];
        for (int k = 0; k < 2; k++) {
            p[k] = TokenCodec.encode(s[k], 1, 4, 1, g.selection(k), Encoding.FP32);
        }
        try (MixedBatch batch = new CutMixMixer().mix(g, p, new int[][] {{0}, {1}}, 2)) {
            for (int i = 0; i < 4; i++) {
                assertEquals(g.owner(0, i) == 0 ? s[0][i] : s[1][i], batch.tokenArray()[i]);
            }
            assertEquals(g.keptCount(0, 0) / 4f, batch.softLabels()[0]);
            assertEquals(g.keptCount(1, 0) / 4f, batch.softLabels()[1]);
        }
    }

    @Test
    void theGradientBufferOverloadSplitsTheSame() {
        Case c = randomCase(3);
        float[] grad = new float[c.b() * c.p() * c.dim()];
        for (int i = 0; i < grad.length; i++) {
            grad[i] = i * 0.25f;
        }
        java.nio.FloatBuffer direct = java.nio.ByteBuffer.allocateDirect(4 * grad.length).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        direct.put(grad).flip();
        byte[][] a = new CutMixMixer().splitGradient(c.g(), grad, c.dim(), Encoding.FP16);
        byte[][] b = new CutMixMixer().splitGradient(c.g(), direct, c.dim(), Encoding.FP16);
        for (int k = 0; k < a.length; k++) {
            assertArrayEquals(a[k], b[k]);
        }
    }
}
