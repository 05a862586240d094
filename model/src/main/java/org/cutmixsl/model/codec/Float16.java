package org.cutmixsl.model.codec;

/**
 * IEEE 754 binary16 conversions. Java 17 has no {@code Float.floatToFloat16} (it arrived in Java 20).
 *
 * <p>{@link #fromFloat} rounds to nearest, ties to even, produces subnormals, overflows to infinity (from 65520 up) and
 * keeps NaN a NaN with its sign and the top ten payload bits (a payload that would vanish becomes the quiet bit), so
 * every half survives half → float → half unchanged. {@link #toFloat} is exact. These are the reference the vector
 * kernels of the codec must match bit for bit.
 */
public final class Float16 {

    /** The largest finite half, 65504. */
    public static final float MAX_VALUE = 65504f;
    /** The exponent of the largest finite binade of halves, [2^15, 2^16). */
    public static final int MAX_EXPONENT = 15;
    /** The smallest positive normal half, 2^-14 ≈ 6.1e-5. */
    public static final float MIN_NORMAL = 0x1.0p-14f;

    /** Adding this float (2^-1) to a value below 2^-14 leaves its bits counting units of 2^-24, rounded to even. */
    static final int SUBNORMAL_MAGIC = 126 << 23;
    /** Adds the exponent rebias (15 − 127) and the rounding bias 0xfff; the odd-mantissa bit is added separately. */
    static final int NORMAL_BIAS = ((15 - 127) << 23) + 0xfff;

    private Float16() {
    }

    /** The half nearest to f (ties to even), as raw bits. */
    public static short fromFloat(float f) {
        int w = Float.floatToRawIntBits(f);
        int sign = (w >>> 16) & 0x8000;
        int x = w & 0x7fffffff;
        int h;
        if (x >= 0x47800000) { // |f| ≥ 65536, infinity or NaN
            if (x > 0x7f800000) {
                int m = (x >>> 13) & 0x3ff;
                h = 0x7c00 | (m != 0 ? m : 0x200);
            } else {
                h = 0x7c00;
            }
        } else if (x < 0x38800000) { // below 2^-14: a subnormal half or zero
            h = Float.floatToRawIntBits(Float.intBitsToFloat(x) + Float.intBitsToFloat(SUBNORMAL_MAGIC)) - SUBNORMAL_MAGIC;
        } else {
            // Rebias the exponent and round the 13 dropped mantissa bits to nearest even; a carry out of the
            // mantissa correctly bumps the exponent, up to infinity for [65520, 65536).
            h = (x + NORMAL_BIAS + ((x >>> 13) & 1)) >>> 13;
        }
        return (short) (h | sign);
    }

    /** The float value of the half with the given raw bits (exact). */
    public static float toFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int e = h & 0x7c00;
        int em = h & 0x7fff;
        if (e == 0x7c00) {
            return Float.intBitsToFloat(sign | 0x7f800000 | ((h & 0x3ff) << 13));
        }
        if (e == 0) {
            // m · 2^-24, exact; built from bits so that −0 keeps its sign
            return Float.intBitsToFloat(sign | Float.floatToRawIntBits(em * 0x1.0p-24f));
        }
        return Float.intBitsToFloat(sign | ((em << 13) + ((127 - 15) << 23)));
    }
}
