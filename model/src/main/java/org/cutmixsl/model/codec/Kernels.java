package org.cutmixsl.model.codec;

/**
 * The value conversions of the codec over contiguous runs of values: float[] to little-endian bytes and back. Two
 * implementations with bit-identical results: {@link VectorKernels} (the JDK's incubating Vector API) and
 * {@link ScalarKernels}, the reference and the fallback. {@link #ACTIVE} is chosen once, when the class loads.
 */
interface Kernels {

    /** The implementation the codec uses in this JVM. */
    Kernels ACTIVE = Selection.select();

    /** A short name for reports ("vector-512", "scalar"). */
    String name();

    void encodeF32(float[] src, int srcOff, byte[] dst, int dstOff, int n);

    void decodeF32(byte[] src, int srcOff, float[] dst, int dstOff, int n);

    /** Stores the half nearest to x · scale; scale is a power of two, so the product is exact before rounding. */
    void encodeF16(float[] src, int srcOff, float scale, byte[] dst, int dstOff, int n);

    /** The float of each half times scale (a power of two: exact wherever the result is a normal float). */
    void decodeF16(byte[] src, int srcOff, float scale, float[] dst, int dstOff, int n);

    /** max |x| over the run; NaN if the run holds a NaN. */
    float maxAbs(float[] src, int off, int n);

    /** Quantises x to round(x · inv) clamped to ±127, ties to even (see {@link ScalarKernels#quantize}). */
    void encodeI8(float[] src, int srcOff, float inv, byte[] dst, int dstOff, int n);

    /** q · scale. */
    void decodeI8(byte[] src, int srcOff, float scale, float[] dst, int dstOff, int n);

    /** Picks the kernels once per JVM. */
    final class Selection {

        /** Set to true to force the scalar kernels (to compare speed, or to rule the Vector API out). */
        static final String FORCE_SCALAR = "cutmixsl.codec.scalar";

        private Selection() {
        }

        static Kernels select() {
            if (Boolean.getBoolean(FORCE_SCALAR) || !vectorModulePresent()) {
                return ScalarKernels.INSTANCE;
            }
            try {
                // Loaded by name so that nothing links against jdk.incubator.vector when the JVM runs without it.
                return (Kernels) Class.forName("org.cutmixsl.model.codec.VectorKernels").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return ScalarKernels.INSTANCE;
            }
        }

        /** Whether the JVM was started with {@code --add-modules jdk.incubator.vector}. */
        static boolean vectorModulePresent() {
            return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        }
    }
}
