package org.cutmixsl.model.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** One value at a time: the reference for {@link VectorKernels}, and the fallback when the Vector API is absent. */
final class ScalarKernels implements Kernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void encodeF32(float[] src, int srcOff, byte[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            FLOAT_LE.set(dst, dstOff + 4 * i, src[srcOff + i]);
        }
    }

    @Override
    public void decodeF32(byte[] src, int srcOff, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = (float) FLOAT_LE.get(src, srcOff + 4 * i);
        }
    }

    @Override
    public void encodeF16(float[] src, int srcOff, float scale, byte[] dst, int dstOff, int n) {
        encodeF16Run(src, srcOff, scale, dst, dstOff, n);
    }

    @Override
    public void decodeF16(byte[] src, int srcOff, float scale, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = Float16.toFloat((short) SHORT_LE.get(src, srcOff + 2 * i)) * scale;
        }
    }

    @Override
    public float maxAbs(float[] src, int off, int n) {
        float m = 0f;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(src[off + i]));
        }
        return m;
    }

    @Override
    public void encodeI8(float[] src, int srcOff, float inv, byte[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = quantize(src[srcOff + i], inv);
        }
    }

    @Override
    public void decodeI8(byte[] src, int srcOff, float scale, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = src[srcOff + i] * scale;
        }
    }

    /**
     * round(x · inv) to nearest, ties to even, clamped to ±127. The rounding adds 1.5 · 2^23, which leaves the
     * rounded integer in the low mantissa bits (exact for |y| &lt; 2^22): the same float operations as the vector kernel,
     * whose float-to-int conversion JDK 17 does not compile to an instruction.
     */
    static byte quantize(float x, float inv) {
        int q = Float.floatToRawIntBits(x * inv + ROUNDING_MAGIC) - ROUNDING_MAGIC_BITS;
        return (byte) Math.max(-127, Math.min(127, q));
    }

    /** 1.5 · 2^23: adding it to |y| &lt; 2^22 rounds y to an integer held in the low 23 bits. */
    static final float ROUNDING_MAGIC = 0x1.8p23f;
    static final int ROUNDING_MAGIC_BITS = Float.floatToRawIntBits(ROUNDING_MAGIC);

    /** The fp16 conversion of one vector's worth of values, for lanes the vector fast path does not handle. */
    static void encodeF16Run(float[] src, int srcOff, float scale, byte[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            SHORT_LE.set(dst, dstOff + 2 * i, Float16.fromFloat(src[srcOff + i] * scale));
        }
    }
}
