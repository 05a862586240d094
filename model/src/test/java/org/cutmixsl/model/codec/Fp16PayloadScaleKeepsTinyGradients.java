package org.cutmixsl.model.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The per-payload power-of-two scale of FP16 payloads (format version 2): gradients of a mean loss, far below fp16's
 * normal range, come back with fp16's normal relative precision; zeros, signs and values near or above fp16's
 * largest finite value survive; a damaged scale is refused.
 */
class Fp16PayloadScaleKeepsTinyGradients {

    /** Round to nearest: half an ulp of an 11-bit significand, relative. */
    private static final double FP16_RELATIVE = 0x1p-11;

    private static float[] gaussian(SplittableRandom r, int n, double sd) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * sd);
        }
        return x;
    }

    private static float maxAbs(float[] x) {
        float m = 0f;
        for (float v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * Every value at or above max·2^−24 (normal in fp16 after scaling) is within fp16's relative precision; the
     * rest within fp16's subnormal spacing, scaled back.
     *
     * @return how many values were in the normal range
     */
    private static int assertNormalPrecision(float[] want, float[] got) {
        float floor = Math.scalb(maxAbs(want), -24);
        int checked = 0;
        for (int i = 0; i < want.length; i++) {
            if (Math.abs(want[i]) >= floor) {
                double rel = Math.abs((double) got[i] - want[i]) / Math.abs(want[i]);
                assertTrue(rel <= FP16_RELATIVE, "value " + i + ": " + want[i] + " came back as " + got[i] + " (relative error " + rel + ")");
                checked++;
            } else {
                assertEquals(want[i], got[i], Math.scalb(maxAbs(want), -24 - 10), "value " + i + " below the normal range");
            }
        }
        return checked;
    }

    /** As {@link #assertNormalPrecision}, for Gaussian values: nearly all of them must be in the normal range. */
    private static void assertGaussianPrecision(float[] want, float[] got) {
        int checked = assertNormalPrecision(want, got);
        assertTrue(checked > want.length * 0.99, "nearly every value is in the normal range after scaling: " + checked);
    }

    private static void assertTopBinade(byte[] payload, float max) {
        int e = TokenCodec.header(payload).scaleExponent();
        float scaled = Math.scalb(max, e);
        assertTrue(scaled > 32752f && scaled <= Float16.MAX_VALUE, "max " + max + " scaled by 2^" + e + " is " + scaled);
    }

    @Test
    void gradientsNear1eMinus7KeepFp16NormalPrecision() {
        SplittableRandom r = new SplittableRandom(1);
        int batch = 8;
        int patches = 49;
        int dim = 16;
        TokenSelection kept = TokenCodecRoundTripTest.randomSelection(r, batch, patches, 0.5);
        float[] grad = gaussian(r, kept.totalKept() * dim, 1e-7);

        // The premise: raw fp16 loses these values (subnormal: an absolute spacing of 6e-8, so about 50% error).
        int badRaw = 0;
        for (float v : grad) {
            if (Math.abs(Float16.toFloat(Float16.fromFloat(v)) - v) > FP16_RELATIVE * Math.abs(v)) {
                badRaw++;
            }
        }
        assertTrue(badRaw > grad.length / 2, "raw fp16 should lose most of these values, lost " + badRaw);

        byte[] payload = TokenCodec.encodeCompact(grad, dim, kept, Encoding.FP16);
        assertTopBinade(payload, maxAbs(grad));
        assertGaussianPrecision(grad, TokenCodec.decode(payload).rows());

        // decodeInto (what a client does with its gradient) divides the same scale out
        float[] dense = new float[batch * patches * dim];
        TokenCodec.decodeInto(payload, dense, 0, kept);
        float[] rows = new float[grad.length];
        for (int b = 0, row = 0; b < batch; b++) {
            for (int i : kept.indices(b)) {
                System.arraycopy(dense, (b * patches + i) * dim, rows, row++ * dim, dim);
            }
        }
        assertGaussianPrecision(grad, rows);
    }

    @Test
    void uploadsFromAFullBatchAreScaledToo() {
        SplittableRandom r = new SplittableRandom(2);
        for (int trial = 0; trial < 40; trial++) {
            int batch = 1 + r.nextInt(6);
            int patches = 1 + r.nextInt(40);
            int dim = 1 + r.nextInt(20);
            TokenSelection kept = TokenCodecRoundTripTest.randomSelection(r, batch, patches, r.nextDouble());
            double sd = Math.pow(10, r.nextInt(21) - 12); // 1e-12 .. 1e8
            float[] x = gaussian(r, batch * patches * dim, sd);
            float[] want = TokenCodecRoundTripTest.gather(x, patches, dim, kept);
            byte[] payload = TokenCodec.encode(x, batch, patches, dim, kept, Encoding.FP16);
            if (want.length > 0) {
                assertTopBinade(payload, maxAbs(want));
                assertGaussianPrecision(want, TokenCodec.decode(payload).rows());
            }
            assertArrayEquals(payload, TokenCodec.encodeCompact(want, dim, kept, Encoding.FP16), "same payload from compact rows");
        }
    }

    @Test
    void anAllZeroPayloadHasScaleOneAndDecodesToZeros() {
        TokenSelection kept = TokenSelection.all(2, 3);
        byte[] payload = TokenCodec.encode(new float[2 * 3 * 4], 2, 3, 4, kept, Encoding.FP16);
        assertEquals(0, TokenCodec.header(payload).scaleExponent());
        assertEquals(0, payload[6]);
        assertArrayEquals(new float[2 * 3 * 4], TokenCodec.decode(payload).rows());
        assertEquals(0, TokenCodec.scaleExponent(0f));
    }

    @Test
    void mixedSignsKeepTheirSigns() {
        float[] x = {3e-6f, -3e-6f, 1e-9f, -1e-9f, 0f, -0f, 2.5e-7f, -7.75e-8f};
        TokenSelection kept = TokenSelection.all(1, 2);
        float[] got = TokenCodec.decode(TokenCodec.encode(x, 1, 2, 4, kept, Encoding.FP16)).rows();
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.copySign(1f, x[i]), Math.copySign(1f, got[i]), "sign of value " + i);
        }
        assertNormalPrecision(x, got);
    }

    @Test
    void valuesNearAndAboveFp16MaxNeverOverflow() {
        // exactly 65504 is already in the top binade: scale 1, stored as is
        assertEquals(0, TokenCodec.scaleExponent(Float16.MAX_VALUE));
        // 65519 would round to 65504 but 65520 overflows: both go one binade lower
        assertEquals(-1, TokenCodec.scaleExponent(65519f));
        assertEquals(-1, TokenCodec.scaleExponent(65520f));
        assertEquals(0, TokenCodec.scaleExponent(0x1p15f));
        assertEquals(1, TokenCodec.scaleExponent(0x1.ffcp14f)); // 65504 / 2
        assertEquals(0, TokenCodec.scaleExponent(0x1.ffep14f)); // 65520 / 2: twice it would overflow
        // the largest float: one binade lower, (2 − 2^−23)·2^14 ≈ 32768, never above 65504
        assertEquals(32767.998f, Math.scalb(Float.MAX_VALUE, TokenCodec.scaleExponent(Float.MAX_VALUE)), 0.001f);
        float[] x = {65504f, -65519f, 65520f, 1e6f, -3e9f, 1f};
        TokenSelection kept = TokenSelection.all(1, 3);
        byte[] payload = TokenCodec.encode(x, 1, 3, 2, kept, Encoding.FP16);
        assertTopBinade(payload, 3e9f);
        float[] got = TokenCodec.decode(payload).rows();
        for (int i = 0; i < x.length; i++) {
            assertTrue(Float.isFinite(got[i]), "value " + i + " overflowed: " + got[i]);
        }
        assertNormalPrecision(x, got);
    }

    @Test
    void theExponentStaysInItsByteAtTheFloatExtremes() {
        assertEquals(TokenCodec.MAX_SCALE_EXPONENT, TokenCodec.scaleExponent(Float.MIN_VALUE));
        assertEquals(TokenCodec.MAX_SCALE_EXPONENT, TokenCodec.scaleExponent(1e-38f));
        assertEquals(TokenCodec.MIN_SCALE_EXPONENT, TokenCodec.scaleExponent(Float.MAX_VALUE));
        assertEquals(0, TokenCodec.scaleExponent(Float.POSITIVE_INFINITY));
        assertEquals(0, TokenCodec.scaleExponent(Float.NaN));
        // (within half an fp16 ulp of Float.MAX_VALUE a value rounds to 2^128, infinity: not a case a network meets)
        float[] x = {1e38f, -3e37f};
        float[] got = TokenCodec.decode(TokenCodec.encode(x, 1, 1, 2, TokenSelection.all(1, 1), Encoding.FP16)).rows();
        assertNormalPrecision(x, got);
    }

    @Test
    void fp32AndInt8PayloadsCarryNoScale() {
        SplittableRandom r = new SplittableRandom(3);
        float[] x = gaussian(r, 2 * 5 * 3, 1e-7);
        TokenSelection kept = TokenSelection.all(2, 5);
        for (Encoding e : new Encoding[] {Encoding.FP32, Encoding.INT8}) {
            byte[] payload = TokenCodec.encode(x, 2, 5, 3, kept, e);
            assertEquals(0, TokenCodec.header(payload).scaleExponent(), e.toString());
        }
        assertArrayEquals(x, TokenCodec.decode(TokenCodec.encode(x, 2, 5, 3, kept, Encoding.FP32)).rows());
    }

    @Test
    void aDamagedScaleIsRefused() {
        SplittableRandom r = new SplittableRandom(4);
        TokenSelection kept = TokenSelection.all(2, 4);
        byte[] good = TokenCodec.encode(gaussian(r, 2 * 4 * 3, 1e-7), 2, 4, 3, kept, Encoding.FP16);
        int e = good[6];
        assertTrue(e > 30, "a 1e-7 payload is lifted by about 2^38, got 2^" + e);

        // Any change of the scale byte breaks the checksum, which covers the header.
        for (int bit = 0; bit < 8; bit++) {
            byte[] bad = good.clone();
            bad[6] ^= (byte) (1 << bit);
            String m = assertThrows(CorruptPayloadException.class, () -> TokenCodec.decode(bad)).getMessage();
            assertTrue(m.startsWith("payload checksum mismatch") || m.startsWith("FP16 scale exponent"), m);
        }

        // A wrong scale under a correct checksum (an encoder bug) is refused when it is out of range...
        byte[] outOfRange = good.clone();
        outOfRange[6] = (byte) -120;
        assertEquals("FP16 scale exponent -120 outside -113..127",
                assertThrows(CorruptPayloadException.class, () -> TokenCodec.decode(resealed(outOfRange))).getMessage());

        // ... or on an encoding that carries none.
        byte[] fp32 = TokenCodec.encode(new float[2 * 4 * 3], 2, 4, 3, kept, Encoding.FP32);
        fp32[6] = 5;
        assertEquals("scale exponent 5 in an FP32 payload (only FP16 payloads carry one; expected 0)",
                assertThrows(CorruptPayloadException.class, () -> TokenCodec.decode(resealed(fp32))).getMessage());

        byte[] reserved = good.clone();
        reserved[7] = 1;
        assertEquals("reserved header byte 7 must be 0, got 0x01",
                assertThrows(CorruptPayloadException.class, () -> TokenCodec.decode(resealed(reserved))).getMessage());
    }

    @Test
    void aVersion1PayloadIsRefused() {
        byte[] p = TokenCodec.encode(new float[] {1f, 2f}, 1, 1, 2, TokenSelection.all(1, 1), Encoding.FP16);
        p[4] = 1;
        assertEquals("unsupported payload format version 1 (this build reads version 2)",
                assertThrows(CorruptPayloadException.class, () -> TokenCodec.decode(resealed(p))).getMessage());
    }

    private static byte[] resealed(byte[] p) {
        return CorruptPayloadIsRejectedTest.resealed(p);
    }
}
