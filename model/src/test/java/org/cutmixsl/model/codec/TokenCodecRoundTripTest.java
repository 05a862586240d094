package org.cutmixsl.model.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Encode then decode gives the tokens back within each encoding's promise, with the selection and shape intact. */
class TokenCodecRoundTripTest {

    /** A random selection: each token kept with probability {@code keep}. */
    static TokenSelection randomSelection(SplittableRandom r, int batch, int patches, double keep) {
        int[][] idx = new int[batch][];
        for (int b = 0; b < batch; b++) {
            idx[b] = java.util.stream.IntStream.range(0, patches).filter(i -> r.nextDouble() < keep).toArray();
        }
        return TokenSelection.of(patches, idx);
    }

    static float[] tokens(SplittableRandom r, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * scale);
        }
        return x;
    }

    /** The kept tokens of a full batch, in compact row order: what decode must return. */
    static float[] gather(float[] full, int patches, int dim, TokenSelection s) {
        float[] rows = new float[s.totalKept() * dim];
        for (int b = 0; b < s.batch(); b++) {
            for (int r = s.offset(b); r < s.offset(b + 1); r++) {
                System.arraycopy(full, (b * patches + s.patchAt(r)) * dim, rows, r * dim, dim);
            }
        }
        return rows;
    }

    @Test
    void fp32IsExact() {
        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 50; trial++) {
            int batch = 1 + r.nextInt(8);
            int patches = 1 + r.nextInt(60);
            int dim = 1 + r.nextInt(70);
            TokenSelection s = randomSelection(r, batch, patches, r.nextDouble());
            float[] x = tokens(r, batch * patches * dim, Math.pow(10, r.nextInt(9) - 4));
            DecodedTokens d = TokenCodec.decode(TokenCodec.encode(x, batch, patches, dim, s, Encoding.FP32));
            assertEquals(s, d.selection());
            assertArrayEquals(gather(x, patches, dim, s), d.rows());
            assertEquals(new PayloadHeader(TokenCodec.VERSION, Encoding.FP32, batch, patches, dim, s.totalKept(), TokenCodec.encodedLength(s, dim, Encoding.FP32), 0), d.header());
        }
    }

    @Test
    void fp16IsWithinItsPrecision() {
        SplittableRandom r = new SplittableRandom(2);
        for (int trial = 0; trial < 50; trial++) {
            int batch = 1 + r.nextInt(8);
            int patches = 1 + r.nextInt(60);
            int dim = 1 + r.nextInt(70);
            TokenSelection s = randomSelection(r, batch, patches, r.nextDouble());
            float[] x = tokens(r, batch * patches * dim, Math.pow(10, r.nextInt(7) - 5));
            float[] want = gather(x, patches, dim, s);
            float[] got = TokenCodec.decode(TokenCodec.encode(x, batch, patches, dim, s, Encoding.FP16)).rows();
            for (int i = 0; i < want.length; i++) {
                float a = Math.abs(want[i]);
                if (a >= 6.1e-5f && a <= Float16.MAX_VALUE) {
                    assertEquals(want[i], got[i], 1e-3 * a, "normal range: relative error");
                } else if (a < 6.1e-5f) {
                    assertEquals(want[i], got[i], 0x1p-24f, "subnormal range: within fp16's spacing");
                }
            }
        }
    }

    @Test
    void int8IsWithinOneOver127OfEachTokensMax() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            int batch = 1 + r.nextInt(8);
            int patches = 1 + r.nextInt(60);
            int dim = 1 + r.nextInt(70);
            TokenSelection s = randomSelection(r, batch, patches, r.nextDouble());
            float[] x = tokens(r, batch * patches * dim, Math.pow(10, r.nextInt(9) - 4));
            if (s.totalKept() > 0 && trial % 3 == 0) { // a zero token
                int row = (0 * patches + s.patchAt(0)) * dim;
                java.util.Arrays.fill(x, row, row + dim, 0f);
            }
            float[] want = gather(x, patches, dim, s);
            float[] got = TokenCodec.decode(TokenCodec.encode(x, batch, patches, dim, s, Encoding.INT8)).rows();
            for (int row = 0; row < s.totalKept(); row++) {
                float max = 0;
                for (int j = 0; j < dim; j++) {
                    max = Math.max(max, Math.abs(want[row * dim + j]));
                }
                for (int j = 0; j < dim; j++) {
                    assertEquals(want[row * dim + j], got[row * dim + j], max / 127f, "row " + row);
                }
                if (max == 0) {
                    for (int j = 0; j < dim; j++) {
                        assertEquals(0f, got[row * dim + j], "a zero token stays zero (scale 0)");
                    }
                }
            }
        }
    }

    @Test
    void compactEncodingOfGatheredRowsIsTheSamePayload() {
        SplittableRandom r = new SplittableRandom(4);
        for (Encoding e : Encoding.values()) {
            TokenSelection s = randomSelection(r, 6, 49, 0.5);
            float[] x = tokens(r, 6 * 49 * 16, 1);
            assertArrayEquals(TokenCodec.encode(x, 6, 49, 16, s, e), TokenCodec.encodeCompact(gather(x, 49, 16, s), 16, s, e));
            byte[] reused = new byte[TokenCodec.encodedLength(s, 16, e)];
            TokenCodec.encodeInto(x, 0, 6, 49, 16, s, e, reused);
            assertArrayEquals(TokenCodec.encode(x, 6, 49, 16, s, e), reused);
        }
    }

    @Test
    void decodeIntoWritesOnlyTheKeptPositions() {
        SplittableRandom r = new SplittableRandom(5);
        for (Encoding e : Encoding.values()) {
            int batch = 5;
            int patches = 49;
            int dim = 24;
            TokenSelection s = randomSelection(r, batch, patches, 0.4);
            float[] x = tokens(r, batch * patches * dim, 1);
            byte[] payload = TokenCodec.encode(x, batch, patches, dim, s, e);
            float[] rows = TokenCodec.decode(payload).rows();
            int offset = 7;
            float[] dest = new float[offset + batch * patches * dim + 3];
            java.util.Arrays.fill(dest, 42f);
            TokenCodec.decodeInto(payload, dest, offset);
            boolean[] kept = new boolean[batch * patches];
            for (int b = 0; b < batch; b++) {
                for (int row = s.offset(b); row < s.offset(b + 1); row++) {
                    int pos = b * patches + s.patchAt(row);
                    kept[pos] = true;
                    for (int j = 0; j < dim; j++) {
                        assertEquals(rows[row * dim + j], dest[offset + pos * dim + j]);
                    }
                }
            }
            for (int pos = 0; pos < batch * patches; pos++) {
                if (!kept[pos]) {
                    for (int j = 0; j < dim; j++) {
                        assertEquals(42f, dest[offset + pos * dim + j], "untouched");
                    }
                }
            }
            assertEquals(42f, dest[0]);
            assertEquals(42f, dest[dest.length - 1]);
            float[] zeros = new float[batch * patches * dim];
            TokenCodec.decodeInto(payload, zeros, 0);
            assertArrayEquals(zeros, TokenCodec.decode(payload).toDense(), "toDense: kept tokens in place, zeros elsewhere");
        }
    }

    @Test
    void decodeIntoRefusesAPayloadForOtherTokensBeforeWritingAnything() {
        SplittableRandom r = new SplittableRandom(6);
        TokenSelection s = randomSelection(r, 4, 20, 0.5);
        TokenSelection other = randomSelection(r, 4, 20, 0.5);
        byte[] payload = TokenCodec.encode(tokens(r, 4 * 20 * 8, 1), 4, 20, 8, s, Encoding.FP16);
        float[] dest = new float[4 * 20 * 8];
        TokenCodec.SelectionMismatchException e = assertThrows(TokenCodec.SelectionMismatchException.class,
                () -> TokenCodec.decodeInto(payload, dest, 0, other));
        assertTrue(e.getMessage().startsWith("sample "), e.getMessage());
        for (float f : dest) {
            assertEquals(0f, f);
        }
        TokenCodec.decodeInto(payload, dest, 0, s);
    }

    @Test
    void morePatchesThan256UseTwoByteIndices() {
        SplittableRandom r = new SplittableRandom(7);
        TokenSelection s = randomSelection(r, 3, 300, 0.3);
        float[] x = tokens(r, 3 * 300 * 4, 1);
        byte[] p = TokenCodec.encode(x, 3, 300, 4, s, Encoding.FP32);
        assertEquals(24 + 2 * 3 + 2 * s.totalKept() + 16 * s.totalKept() + 4, p.length);
        assertEquals(s, TokenCodec.decode(p).selection());
        assertArrayEquals(gather(x, 300, 4, s), TokenCodec.decode(p).rows());
    }

    @Test
    void payloadSizeFollowsTheKeptShareAndTheEncoding() {
        TokenSelection half = TokenSelection.of(4, new int[][] {{0, 1}, {2, 3}});
        assertEquals(24 + 4 + 4 + 4 * 8 * 2 + 4, TokenCodec.encodedLength(half, 8, Encoding.FP16));
        assertEquals(24 + 4 + 4 + 4 * 4 + 4 * 8 + 4, TokenCodec.encodedLength(half, 8, Encoding.INT8));
        assertEquals(24 + 4 + 4 + 4 * 8 * 4 + 4, TokenCodec.encodedLength(half, 8, Encoding.FP32));
    }

    @Test
    void fullSamplesListNoIndices() {
        SplittableRandom r = new SplittableRandom(8);
        TokenSelection all = TokenSelection.all(4, 49);
        assertEquals(24 + 2 * 4 + 4 * 49 * 8 * 2 + 4, TokenCodec.encodedLength(all, 8, Encoding.FP16));
        // full and partial samples side by side, in every encoding
        int[][] idx = {java.util.stream.IntStream.range(0, 49).toArray(), {3, 7, 48}, java.util.stream.IntStream.range(0, 49).toArray(), {}};
        TokenSelection mixed = TokenSelection.of(49, idx);
        assertEquals(24 + 2 * 4 + 3 + (49 + 3 + 49) * 8 * 4 + 4, TokenCodec.encodedLength(mixed, 8, Encoding.FP32));
        float[] x = tokens(r, 4 * 49 * 8, 1);
        for (Encoding e : Encoding.values()) {
            byte[] p = TokenCodec.encode(x, 4, 49, 8, mixed, e);
            DecodedTokens d = TokenCodec.decode(p);
            assertEquals(mixed, d.selection());
            float[] want = gather(x, 49, 8, mixed);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], d.rows()[i], e == Encoding.FP32 ? 0 : 0.02f);
            }
            float[] dense = new float[x.length];
            TokenCodec.decodeInto(p, dense, 0, mixed);
            assertArrayEquals(d.toDense(), dense);
        }
    }

    @Test
    void encodingIntoAReusedBufferIgnoresWhatItHeld() {
        SplittableRandom r = new SplittableRandom(9);
        TokenSelection s = randomSelection(r, 3, 10, 0.6);
        float[] x = tokens(r, 3 * 10 * 4, 1);
        for (Encoding e : Encoding.values()) {
            byte[] dirty = new byte[TokenCodec.encodedLength(s, 4, e)];
            r.nextBytes(dirty);
            TokenCodec.encodeInto(x, 0, 3, 10, 4, s, e, dirty);
            assertArrayEquals(TokenCodec.encode(x, 3, 10, 4, s, e), dirty);
        }
    }

    @Test
    void int8RefusesNonFiniteTokens() {
        float[] x = new float[2 * 3 * 4];
        x[13] = Float.NaN; // sample 1, patch 0
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenCodec.encode(x, 2, 3, 4, TokenSelection.all(2, 3), Encoding.INT8));
        assertEquals("INT8 encoding needs finite values; the token of sample 1, patch 0 has max |x| = NaN", e.getMessage());
    }

    @Test
    void anEmptySelectionIsAValidPayload() {
        TokenSelection none = TokenSelection.of(5, new int[][] {{}, {}});
        byte[] p = TokenCodec.encode(new float[2 * 5 * 3], 2, 5, 3, none, Encoding.FP16);
        DecodedTokens d = TokenCodec.decode(p);
        assertEquals(0, d.rows().length);
        assertEquals(none, d.selection());
    }

    @Test
    void selectionsValidateTheirIndices() {
        assertEquals("sample 0: patch indices must be ascending and below 5, got 2 after 3",
                assertThrows(IllegalArgumentException.class, () -> TokenSelection.of(5, new int[][] {{3, 2}})).getMessage());
        assertEquals("sample 1: patch indices must be ascending and below 5, got 5 after 0",
                assertThrows(IllegalArgumentException.class, () -> TokenSelection.of(5, new int[][] {{1}, {0, 5}})).getMessage());
        assertTrue(TokenSelection.of(3, new int[][] {{0, 1, 2}}).isAll());
        assertEquals(TokenSelection.all(1, 3), TokenSelection.of(3, new int[][] {{0, 1, 2}}));
    }
}
