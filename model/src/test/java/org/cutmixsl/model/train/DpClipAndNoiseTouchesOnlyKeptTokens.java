package org.cutmixsl.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.cutmixsl.model.privacy.ClipUnit;
import org.cutmixsl.model.privacy.DpRecord;
import org.junit.jupiter.api.Test;

/**
 * DP-CutMixSL's mechanism on real libtorch arrays: clipped norms are at most C (per token, per image), noise lands
 * only on kept tokens with the standard deviation σ times the image's sensitivity, is a pure function of its seed,
 * and the deterministic part is the clip the body is evaluated on.
 */
class DpClipAndNoiseTouchesOnlyKeptTokens {

    private static final int B = 6;
    private static final int P = 9;
    private static final int D = 8;
    private static final float C = 1.5f;

    private static float[] smashed(SplittableRandom r, int n, double sd) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * sd);
        }
        return x;
    }

    /** Roughly half the tokens kept; sample 0 keeps none and sample 1 keeps all. */
    private static float[] mask(SplittableRandom r, int batch, int patches) {
        float[] m = new float[batch * patches];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < patches; i++) {
                m[b * patches + i] = b == 0 ? 0f : b == 1 || r.nextBoolean() ? 1f : 0f;
            }
        }
        return m;
    }

    private static float[] run(SmashedTransform t, float[] x, boolean upload, int batch, int patches, int dim) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray in = manager.create(x, new Shape(batch, patches, dim));
            return t.apply(in, upload).toFloatArray();
        }
    }

    private static double norm(float[] x, int from, int n) {
        double s = 0;
        for (int i = from; i < from + n; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s);
    }

    @Test
    void perTokenClippingBoundsEveryKeptTokenAndLeavesSmallOnesAlone() {
        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 5; trial++) {
            float[] x = smashed(r, B * P * D, trial % 2 == 0 ? 3.0 : 0.3); // mostly above, mostly below C
            float[] m = mask(r, B, P);
            float[] y = run(new DpClipAndNoise(m, B, P, ClipUnit.TOKEN, C, DpRecord.IMAGE, 0f, 7), x, true, B, P, D);
            for (int t = 0; t < B * P; t++) {
                double in = norm(x, t * D, D);
                double out = norm(y, t * D, D);
                if (m[t] == 0f) {
                    assertEquals(0.0, out, "dropped token " + t + " is exactly zero");
                } else {
                    assertTrue(out <= C * (1 + 1e-5), "token " + t + " has norm " + out + " > C");
                    assertEquals(Math.min(in, C), out, 1e-4 * Math.max(1, in), "token " + t + ": min(norm, C)");
                }
            }
        }
    }

    @Test
    void perImageClippingBoundsEachImagesKeptTokensTogether() {
        SplittableRandom r = new SplittableRandom(2);
        float[] x = smashed(r, B * P * D, 1.0);
        float[] m = mask(r, B, P);
        float[] y = run(new DpClipAndNoise(m, B, P, ClipUnit.IMAGE, C, DpRecord.IMAGE, 0f, 7), x, true, B, P, D);
        for (int b = 0; b < B; b++) {
            double kept = 0;
            for (int i = 0; i < P; i++) {
                if (m[b * P + i] != 0f) {
                    kept += Math.pow(norm(x, (b * P + i) * D, D), 2);
                }
            }
            double out = norm(y, b * P * D, P * D);
            assertTrue(out <= C * (1 + 1e-5), "image " + b + " has norm " + out);
            assertEquals(Math.min(Math.sqrt(kept), C), out, 1e-4, "image " + b + ": min(norm of kept tokens, C)");
        }
    }

    @Test
    void noiseLandsOnlyOnKeptTokensAndIsSeeded() {
        SplittableRandom r = new SplittableRandom(3);
        float[] x = smashed(r, B * P * D, 1.0);
        float[] m = mask(r, B, P);
        for (ClipUnit unit : ClipUnit.values()) {
            float[] clipped = run(new DpClipAndNoise(m, B, P, unit, C, DpRecord.IMAGE, 0f, 11), x, true, B, P, D);
            float[] noisy = run(new DpClipAndNoise(m, B, P, unit, C, DpRecord.IMAGE, 2f, 11), x, true, B, P, D);
            float[] retry = run(new DpClipAndNoise(m, B, P, unit, C, DpRecord.IMAGE, 2f, 11), x, true, B, P, D);
            float[] other = run(new DpClipAndNoise(m, B, P, unit, C, DpRecord.IMAGE, 2f, 12), x, true, B, P, D);
            assertArrayEquals(noisy, retry, unit + ": a retry with the same seed sends the same tokens");
            assertFalse(java.util.Arrays.equals(noisy, other), unit + ": another seed, other noise");
            for (int t = 0; t < B * P; t++) {
                for (int d = 0; d < D; d++) {
                    int i = t * D + d;
                    if (m[t] == 0f) {
                        assertEquals(0, Float.floatToRawIntBits(noisy[i]), unit + ": dropped value " + i + " is +0 exactly");
                    } else {
                        assertTrue(noisy[i] != clipped[i], unit + ": kept value " + i + " is noised");
                    }
                }
            }
            // the backward pass's recomputation (upload = false) draws no noise
            assertArrayEquals(clipped, run(new DpClipAndNoise(m, B, P, unit, C, DpRecord.IMAGE, 2f, 11), x, false, B, P, D));
        }
    }

    @Test
    void noiseSdIsSigmaTimesTheSensitivity() {
        int batch = 64;
        int patches = 49;
        int dim = 64;
        float sigma = 0.8f;
        SplittableRandom r = new SplittableRandom(4);
        float[] m = new float[batch * patches];
        int[] kept = new int[batch];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < patches; i++) {
                if (b % 2 == 0 ? i < 1 + b % 49 : r.nextBoolean()) { // from 1 token to nearly all
                    m[b * patches + i] = 1f;
                    kept[b]++;
                }
            }
        }
        // every valid setting: an image record clipped per token or per image, a token record clipped per token
        ClipUnit[] units = {ClipUnit.TOKEN, ClipUnit.IMAGE, ClipUnit.TOKEN};
        DpRecord[] records = {DpRecord.IMAGE, DpRecord.IMAGE, DpRecord.TOKEN};
        for (int setting = 0; setting < units.length; setting++) {
            ClipUnit unit = units[setting];
            DpRecord record = records[setting];
            float[] noise = new DpClipAndNoise(m, batch, patches, unit, C, record, sigma, 99).noise(dim);
            double sum = 0;
            double squares = 0;
            long n = 0;
            for (int b = 0; b < batch; b++) {
                double sd = sigma * record.sensitivity(unit, C, kept[b]);
                for (int i = 0; i < patches; i++) {
                    if (m[b * patches + i] != 0f) {
                        for (int d = 0; d < dim; d++) {
                            double z = noise[(b * patches + i) * dim + d] / sd;
                            sum += z;
                            squares += z * z;
                            n++;
                        }
                    }
                }
            }
            double mean = sum / n;
            double sd = Math.sqrt(squares / n - mean * mean);
            assertTrue(n > 50_000, "enough samples: " + n);
            String what = record + " record, clipped per " + unit;
            assertEquals(1.0, sd, 0.03, what + ": empirical sd / (σ · sensitivity) over " + n + " values");
            assertEquals(0.0, mean, 0.03, what + ": mean");
        }
        assertEquals(C * Math.sqrt(9), DpRecord.IMAGE.sensitivity(ClipUnit.TOKEN, C, 9), 1e-6);
        assertEquals(C, DpRecord.IMAGE.sensitivity(ClipUnit.IMAGE, C, 9), 1e-6);
        assertEquals(C, DpRecord.TOKEN.sensitivity(ClipUnit.TOKEN, C, 9), 1e-6, "a token record: C, whatever k");
    }

    @Test
    void aTokenRecordNeedsEachTokenClippedOnItsOwn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DpClipAndNoise(new float[B * P], B, P, ClipUnit.IMAGE, C, DpRecord.TOKEN, 1f, 1));
        assertTrue(e.getMessage().startsWith("dp.record = token: needs dp.clipUnit = token"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DpRecord.TOKEN.sensitivity(ClipUnit.IMAGE, C, 4));
    }

    @Test
    void theDeterministicPartIsTheClipWithoutNoise() {
        SplittableRandom r = new SplittableRandom(5);
        float[] x = smashed(r, B * P * D, 2.0);
        float[] all = new float[B * P];
        java.util.Arrays.fill(all, 1f);
        for (ClipUnit unit : ClipUnit.values()) {
            DpClipAndNoise mechanism = new DpClipAndNoise(all, B, P, unit, C, DpRecord.IMAGE, 3f, 13);
            SmashedTransform evaluation = mechanism.deterministic();
            assertEquals(new DpClip(unit, C), evaluation);
            // on unpunched tokens it is exactly what the training forward (without its noise) computes
            assertArrayEquals(run(mechanism, x, false, B, P, D), run(evaluation, x, false, B, P, D), 1e-6f);
            // and it applies to any batch size
            assertEquals(3 * P * D, run(evaluation, smashed(r, 3 * P * D, 2.0), false, 3, P, D).length);
        }
        assertSame(SmashedTransform.IDENTITY, SmashedTransform.IDENTITY.deterministic());
    }

    @Test
    void evaluationNoiseFollowsTheClipIsRepeatableAndHasItsSd() {
        SplittableRandom r = new SplittableRandom(6);
        int batch = 40;
        float[] x = smashed(r, batch * P * D, 2.0);
        DpClip clip = new DpClip(ClipUnit.TOKEN, C);
        DpEvaluationNoise noisy = new DpEvaluationNoise(clip, 0.7, 3);
        float[] clipped = run(clip, x, false, batch, P, D);
        float[] once = run(noisy, x, false, batch, P, D);
        assertArrayEquals(once, run(noisy, x, false, batch, P, D), "a pure function of the seed and the tokens");
        assertFalse(java.util.Arrays.equals(once, run(new DpEvaluationNoise(clip, 0.7, 4), x, false, batch, P, D)));
        double squares = 0;
        for (int i = 0; i < once.length; i++) {
            double z = once[i] - clipped[i];
            squares += z * z;
        }
        assertEquals(0.7, Math.sqrt(squares / once.length), 0.02, "sd over " + once.length + " values");
        assertArrayEquals(clipped, run(new DpEvaluationNoise(clip, 0, 3), x, false, batch, P, D), "σ 0: the clip");
        assertSame(clip, noisy.deterministic());
    }
}
