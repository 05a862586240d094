package org.cutmixsl.model.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels give the same bits as the scalar reference for every kind of value (normals, subnormal
 * results, zeros, overflow, infinities, NaNs), at every length and offset, so the payload never depends on which
 * kernels a JVM picked.
 */
class VectorKernelsMatchScalarReferenceTest {

    private static final Kernels SCALAR = ScalarKernels.INSTANCE;
    private static final Kernels VECTOR = new VectorKernels();

    /**
     * The Vector API runs as plain Java until C2 compiles it into vector instructions, and the two can differ (JDK 17
     * compiles some conversions, not others). Running every kernel over a few million values first gets the compiled
     * code, not the interpreter, compared below.
     */
    @org.junit.jupiter.api.BeforeAll
    static void compileTheKernels() {
        SplittableRandom r = new SplittableRandom(99);
        float[] x = values(r, 1 << 20, true);
        float[] normal = new float[1 << 20];
        for (int i = 0; i < normal.length; i++) {
            normal[i] = (float) r.nextGaussian() + 3f;
        }
        byte[] b = new byte[4 << 20];
        float[] y = new float[1 << 20];
        for (int rep = 0; rep < 3; rep++) {
            for (float[] v : new float[][] {x, normal}) {
                VECTOR.encodeF16(v, 0, 1f, b, 0, v.length);
                VECTOR.decodeF16(b, 0, 1f, y, 0, v.length);
                VECTOR.encodeF32(v, 0, b, 0, v.length);
                VECTOR.decodeF32(b, 0, y, 0, v.length);
                for (int row = 0; row < v.length; row += 64) {
                    float m = VECTOR.maxAbs(v, row, 64);
                    VECTOR.encodeI8(v, row, m == 0 ? 0 : 127f / m, b, row, 64);
                    VECTOR.decodeI8(b, row, m / 127f, y, row, 64);
                }
            }
        }
    }

    @Test
    void testJvmsRunTheVectorKernels() {
        // Surefire's argLine adds jdk.incubator.vector; without it the codec silently falls back to scalar code.
        assertTrue(Kernels.Selection.vectorModulePresent(), "jdk.incubator.vector is in the boot layer");
        assertTrue(Kernels.ACTIVE instanceof VectorKernels, "codec kernels: " + Kernels.ACTIVE.name());
    }

    /** Values of every class fp16 and int8 treat differently, mixed at random positions. */
    private static float[] values(SplittableRandom r, int n, boolean finiteOnly) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(finiteOnly ? 6 : 9);
            x[i] = switch (kind) {
                case 0, 1 -> (float) r.nextGaussian();
                case 2 -> (float) (r.nextGaussian() * 1e-6); // fp16 subnormals
                case 3 -> (float) (r.nextGaussian() * 1e-9); // rounds to ±0
                case 4 -> r.nextBoolean() ? 0f : -0f;
                case 5 -> Float16.toFloat((short) r.nextInt(0x7c00)) + (r.nextBoolean() ? 0f : Math.ulp(1f)); // near halves and ties
                case 6 -> (float) (r.nextGaussian() * 1e5); // overflow
                case 7 -> r.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                default -> Float.intBitsToFloat(0x7f800001 | r.nextInt() & 0x807fffff | 1); // NaNs with payloads
            };
        }
        return x;
    }

    @Test
    void fp16EncodingIsBitIdentical() {
        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 400; trial++) {
            int n = r.nextInt(trial < 200 ? 70 : 3000);
            int off = r.nextInt(5);
            float[] x = values(r, n + off, false);
            // half of the trials all-normal, so the optimistic block path is exercised too
            if (trial % 2 == 0) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) r.nextGaussian() + 3f;
                }
            }
            byte[] a = new byte[2 * n + 3];
            byte[] b = new byte[2 * n + 3];
            // the codec's power-of-two payload scale: 1 in a third of the trials, else up to 2^±40
            float scale = trial % 3 == 0 ? 1f : Math.scalb(1f, r.nextInt(81) - 40);
            SCALAR.encodeF16(x, off, scale, a, 3, n);
            VECTOR.encodeF16(x, off, scale, b, 3, n);
            assertArrayEquals(a, b, "trial " + trial + ", scale " + scale);
        }
    }

    @Test
    void fp16DecodingIsBitIdenticalForEveryHalf() {
        byte[] all = new byte[2 * 0x10000 + 1];
        for (int h = 0; h < 0x10000; h++) {
            all[1 + 2 * h] = (byte) h;
            all[2 + 2 * h] = (byte) (h >>> 8);
        }
        float[] a = new float[0x10000];
        float[] b = new float[0x10000];
        SCALAR.decodeF16(all, 1, 1f, a, 0, 0x10000);
        VECTOR.decodeF16(all, 1, 1f, b, 0, 0x10000);
        for (int h = 0; h < 0x10000; h++) {
            assertEquals(Float.floatToRawIntBits(a[h]), Float.floatToRawIntBits(b[h]), "half 0x" + Integer.toHexString(h));
        }
        // and at odd lengths and offsets, with blocks of only normal halves
        SplittableRandom r = new SplittableRandom(2);
        for (int trial = 0; trial < 200; trial++) {
            int n = r.nextInt(2000);
            int off = r.nextInt(4);
            byte[] p = new byte[2 * n + off];
            for (int i = 0; i < n; i++) {
                int h = trial % 2 == 0 ? 0x0400 + r.nextInt(0x7800 - 0x0400) | (r.nextBoolean() ? 0x8000 : 0) : r.nextInt(0x10000);
                p[off + 2 * i] = (byte) h;
                p[off + 2 * i + 1] = (byte) (h >>> 8);
            }
            float[] x = new float[n];
            float[] y = new float[n];
            float scale = trial % 3 == 0 ? 1f : Math.scalb(1f, r.nextInt(81) - 40);
            SCALAR.decodeF16(p, off, scale, x, 0, n);
            VECTOR.decodeF16(p, off, scale, y, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), "trial " + trial + " value " + i);
            }
        }
    }

    @Test
    void fp32AndInt8AreBitIdentical() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 300; trial++) {
            int n = r.nextInt(300);
            int off = r.nextInt(5);
            float[] x = values(r, n + off, trial % 2 == 0);
            byte[] a = new byte[4 * n + 1];
            byte[] b = new byte[4 * n + 1];
            SCALAR.encodeF32(x, off, a, 1, n);
            VECTOR.encodeF32(x, off, b, 1, n);
            assertArrayEquals(a, b);
            float[] da = new float[n];
            float[] db = new float[n];
            SCALAR.decodeF32(a, 1, da, 0, n);
            VECTOR.decodeF32(a, 1, db, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(x[off + i]), Float.floatToRawIntBits(db[i]));
                assertEquals(Float.floatToRawIntBits(da[i]), Float.floatToRawIntBits(db[i]));
            }

            float max = SCALAR.maxAbs(x, off, n);
            float vmax = VECTOR.maxAbs(x, off, n);
            if (Float.isNaN(max)) {
                assertTrue(Float.isNaN(vmax), "a NaN must stay visible to the finiteness check");
                continue;
            }
            assertEquals(max, vmax, 0f);
            if (!Float.isFinite(max)) {
                continue;
            }
            float inv = max == 0 ? 0 : 127f / max;
            float scale = max / 127f;
            byte[] qa = new byte[n + 2];
            byte[] qb = new byte[n + 2];
            SCALAR.encodeI8(x, off, inv, qa, 2, n);
            VECTOR.encodeI8(x, off, inv, qb, 2, n);
            assertArrayEquals(qa, qb, "trial " + trial);
            SCALAR.decodeI8(qa, 2, scale, da, 0, n);
            VECTOR.decodeI8(qa, 2, scale, db, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(da[i]), Float.floatToRawIntBits(db[i]));
            }
        }
    }

    @Test
    void int8QuantisationRoundsToNearestEvenAndClamps() {
        assertEquals(2, ScalarKernels.quantize(2.5f, 1f));
        assertEquals(4, ScalarKernels.quantize(3.5f, 1f));
        assertEquals(-2, ScalarKernels.quantize(-2.5f, 1f));
        assertEquals(-3, ScalarKernels.quantize(-2.6f, 1f));
        assertEquals(127, ScalarKernels.quantize(1f, 127f));
        assertEquals(127, ScalarKernels.quantize(1.01f, 127f), "clamped");
        assertEquals(-127, ScalarKernels.quantize(-2f, 127f), "clamped, never -128");
        assertEquals(0, ScalarKernels.quantize(5f, 0f), "a zero token's inverse scale is 0");
    }
}
