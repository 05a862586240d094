package org.cutmixsl.model.codec;

import static jdk.incubator.vector.VectorOperators.B2F;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.I2B;
import static jdk.incubator.vector.VectorOperators.I2S;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.MAX;
import static jdk.incubator.vector.VectorOperators.MIN;
import static jdk.incubator.vector.VectorOperators.S2I;
import static jdk.incubator.vector.VectorOperators.UNSIGNED_GE;

import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The codec's conversions with the Vector API of JDK 17 ({@code jdk.incubator.vector}): the same bits as
 * {@link ScalarKernels}, many lanes at a time. Only {@link Kernels.Selection} loads this class, by name, and only when
 * the JVM runs with {@code --add-modules jdk.incubator.vector}.
 *
 * <p>Shapes: float and int lanes use the preferred species (512 bits with AVX-512, 256 with AVX2); halves travel in a
 * short species of half that width and int8 values in a byte species of a quarter, so a conversion never changes the
 * lane count (lane-count-preserving casts are the ones C2 compiles to single instructions in JDK 17).
 */
final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(Math.max(64, F.vectorBitSize() / 2)));
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, F.vectorBitSize() / 4)));
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Values per optimistic block: small enough to stay in L1 when a block must be redone. */
    private static final int BLOCK = 512;

    VectorKernels() {
        if (S.length() != L || B.length() != L) {
            // 128-bit machines: no byte shape holds 4 lanes; the scalar kernels serve them.
            throw new UnsupportedOperationException("preferred vector shape " + F.vectorBitSize() + " bits is too narrow");
        }
    }

    @Override
    public String name() {
        return "vector-" + F.vectorBitSize();
    }

    @Override
    public void encodeF32(float[] src, int srcOff, byte[] dst, int dstOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, src, srcOff + i).intoByteArray(dst, dstOff + 4 * i, LE);
        }
        ScalarKernels.INSTANCE.encodeF32(src, srcOff + i, dst, dstOff + 4 * i, n - i);
    }

    @Override
    public void decodeF32(byte[] src, int srcOff, float[] dst, int dstOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromByteArray(F, src, srcOff + 4 * i, LE).intoArray(dst, dstOff + i);
        }
        ScalarKernels.INSTANCE.decodeF32(src, srcOff + 4 * i, dst, dstOff + i, n - i);
    }

    @Override
    public void encodeF16(float[] src, int srcOff, float scale, byte[] dst, int dstOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; ) {
            int end = Math.min(bound, i + BLOCK);
            if (!encodeF16Normal(src, srcOff, scale, dst, dstOff, i, end)) {
                encodeF16Careful(src, srcOff, scale, dst, dstOff, i, end);
            }
            i = end;
        }
        ScalarKernels.encodeF16Run(src, srcOff + i, scale, dst, dstOff + 2 * i, n - i);
    }

    /**
     * The optimistic pass over one block: converts every lane as if it were in fp16's normal range and tracks the
     * smallest and largest |x|; false when some lane was not (zero, a subnormal result, overflow, infinity, NaN), and
     * the block must be redone. Checking once per block rather than branching per vector makes the common case
     * about a fifth faster.
     */
    private static boolean encodeF16Normal(float[] src, int srcOff, float scale, byte[] dst, int dstOff, int from, int to) {
        IntVector lo = IntVector.broadcast(I, Integer.MAX_VALUE);
        IntVector hi = IntVector.zero(I);
        for (int i = from; i < to; i += L) {
            IntVector w = FloatVector.fromArray(F, src, srcOff + i).mul(scale).reinterpretAsInts();
            IntVector x = w.and(0x7fffffff);
            lo = lo.min(x);
            hi = hi.max(x);
            IntVector h = x.add(Float16.NORMAL_BIAS).add(x.lanewise(LSHR, 13).and(1)).lanewise(LSHR, 13)
                    .or(w.lanewise(LSHR, 16).and(0x8000));
            ((ShortVector) h.convertShape(I2S, S, 0)).intoByteArray(dst, dstOff + 2 * i, LE);
        }
        return lo.reduceLanes(MIN) >= 0x38800000 && hi.reduceLanes(MAX) < 0x47800000;
    }

    /** The block again, vector by vector: vectors holding special lanes go through the scalar reference. */
    private static void encodeF16Careful(float[] src, int srcOff, float scale, byte[] dst, int dstOff, int from, int to) {
        for (int i = from; i < to; i += L) {
            IntVector w = FloatVector.fromArray(F, src, srcOff + i).mul(scale).reinterpretAsInts();
            IntVector x = w.and(0x7fffffff);
            // A vector slow path written inline here made C2 compile the loop noticeably slower than this.
            if (x.sub(0x38800000).compare(UNSIGNED_GE, 0x47800000 - 0x38800000).anyTrue()) {
                ScalarKernels.encodeF16Run(src, srcOff + i, scale, dst, dstOff + 2 * i, L);
                continue;
            }
            IntVector h = x.add(Float16.NORMAL_BIAS).add(x.lanewise(LSHR, 13).and(1)).lanewise(LSHR, 13)
                    .or(w.lanewise(LSHR, 16).and(0x8000));
            ((ShortVector) h.convertShape(I2S, S, 0)).intoByteArray(dst, dstOff + 2 * i, LE);
        }
    }

    @Override
    public void decodeF16(byte[] src, int srcOff, float scale, float[] dst, int dstOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; ) {
            int end = Math.min(bound, i + BLOCK);
            if (!decodeF16Normal(src, srcOff, scale, dst, dstOff, i, end)) {
                decodeF16Careful(src, srcOff, scale, dst, dstOff, i, end);
            }
            i = end;
        }
        ScalarKernels.INSTANCE.decodeF16(src, srcOff + 2 * i, scale, dst, dstOff + i, n - i);
    }

    /** Optimistic pass: every lane taken as a normal half; false when a zero, subnormal, infinity or NaN was seen. */
    private static boolean decodeF16Normal(byte[] src, int srcOff, float scale, float[] dst, int dstOff, int from, int to) {
        IntVector lo = IntVector.broadcast(I, Integer.MAX_VALUE);
        IntVector hi = IntVector.zero(I);
        for (int i = from; i < to; i += L) {
            // Sign-extended halves: after the shift the sign lands in bit 31 and exponent and mantissa in bits
            // 13..27, so one mask leaves sign | em << 13, and rebiasing the exponent finishes the float.
            IntVector hs = (IntVector) ShortVector.fromByteArray(S, src, srcOff + 2 * i, LE).convertShape(S2I, I, 0);
            IntVector e = hs.and(0x7c00);
            lo = lo.min(e);
            hi = hi.max(e);
            hs.lanewise(LSHL, 13).and(0x8FFFE000).add((127 - 15) << 23).reinterpretAsFloats().mul(scale).intoArray(dst, dstOff + i);
        }
        return lo.reduceLanes(MIN) >= 0x400 && hi.reduceLanes(MAX) <= 0x7800;
    }

    /** The block again, handling every kind of half. */
    private static void decodeF16Careful(byte[] src, int srcOff, float scale, float[] dst, int dstOff, int from, int to) {
        for (int i = from; i < to; i += L) {
            IntVector hs = (IntVector) ShortVector.fromByteArray(S, src, srcOff + 2 * i, LE).convertShape(S2I, I, 0);
            IntVector t = hs.lanewise(LSHL, 13).and(0x8FFFE000);
            IntVector e = hs.and(0x7c00);
            // Scaling the bits as a float by 2^112 is exact for zeros, subnormals and normals alike; infinities and
            // NaNs take the all-ones exponent instead.
            IntVector mag = t.and(0x7fffffff).reinterpretAsFloats().mul(0x1.0p112f).reinterpretAsInts();
            mag.or(t.and(0x80000000)).blend(t.or(0x7f800000), e.compare(EQ, 0x7c00)).reinterpretAsFloats().mul(scale).intoArray(dst, dstOff + i);
        }
    }

    @Override
    public float maxAbs(float[] src, int off, int n) {
        // Non-negative floats order like their bits as ints, NaNs above +infinity: an integer max of |x| is the float
        // max, keeps NaN detectable, and reduces faster than the float MAX reduction in JDK 17.
        int i = 0;
        IntVector acc = IntVector.zero(I);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            acc = acc.max(FloatVector.fromArray(F, src, off + i).reinterpretAsInts().and(0x7fffffff));
        }
        float m = Float.intBitsToFloat(acc.reduceLanes(MAX));
        for (; i < n; i++) {
            m = Math.max(m, Math.abs(src[off + i]));
        }
        return m;
    }

    @Override
    public void encodeI8(float[] src, int srcOff, float inv, byte[] dst, int dstOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            // Rounding by the magic constant rather than convertShape(F2I): JDK 17's C2 has no vector float-to-int
            // cast and runs that conversion lane by lane in Java, about 60 times slower.
            IntVector q = FloatVector.fromArray(F, src, srcOff + i).mul(inv).add(ScalarKernels.ROUNDING_MAGIC)
                    .reinterpretAsInts().sub(ScalarKernels.ROUNDING_MAGIC_BITS).max(-127).min(127);
            ((ByteVector) q.convertShape(I2B, B, 0)).intoArray(dst, dstOff + i);
        }
        ScalarKernels.INSTANCE.encodeI8(src, srcOff + i, inv, dst, dstOff + i, n - i);
    }

    @Override
    public void decodeI8(byte[] src, int srcOff, float scale, float[] dst, int dstOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            ((FloatVector) ByteVector.fromArray(B, src, srcOff + i).convertShape(B2F, F, 0)).mul(scale).intoArray(dst, dstOff + i);
        }
        ScalarKernels.INSTANCE.decodeI8(src, srcOff + i, scale, dst, dstOff + i, n - i);
    }
}
