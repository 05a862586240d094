package org.cutmixsl.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.FloatBuffer;

/**
 * Tensors whose memory torch owns, where DJL would hand torch memory that only a Java object keeps alive.
 *
 * <p>Why: on CPU, DJL's PyTorch engine does not copy Java values into a tensor. {@code NDManager.create(Buffer)}
 * and {@code NDArray.set(Buffer)} point the tensor at a direct {@code ByteBuffer} (torch's {@code from_blob}, a
 * DataPtr without a deleter) that only the creating Java array keeps reachable. Scalar arithmetic such as
 * {@code x.div(n)} or {@code x.mul(s)} makes such a scalar, runs the op and closes the scalar at once; but with
 * grad mode on, torch's autograd keeps the scalar (Mul and Div save it for backward), so the backward pass reads
 * memory the garbage collector may already have freed and reused. That was the NaN that a resume did not repeat
 * (README, "Determinism"): its loss was finite, its gradients garbage, and only when a collection fell between
 * forward and backward. {@link #scalar} makes scalars torch owns; {@link #write} copies values into storage torch
 * already owns, so that no long-lived parameter or optimiser state rests on a Java buffer either.
 */
public final class NativeArrays {

    private NativeArrays() {}

    /**
     * Copies {@code target.size()} values, starting at {@code offset}, into {@code target} in place.
     *
     * @param target a float32 array of at least one dimension; it keeps its storage
     * @param values the values, row-major
     * @param offset where the target's values start in {@code values}
     */
    public static void write(NDArray target, float[] values, int offset) {
        int n = Math.toIntExact(target.size());
        if (offset < 0 || values.length - offset < n) {
            throw new IllegalArgumentException("need " + n + " values from offset " + offset + ", have "
                    + values.length);
        }
        long[] shape = target.getShape().getShape();
        if (shape.length == 0) {
            throw new IllegalArgumentException("a scalar array cannot be written in place here");
        }
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager copy = target.getManager().newSubManager()) {
            NDArray source = copy.create(FloatBuffer.wrap(values, offset, n).slice(), target.getShape());
            // target[0:shape[0]] = source: a copy into the target's own storage.
            JniUtils.indexSet((PtNDArray) target, (PtNDArray) source, new long[] {0}, new long[] {shape[0]},
                    new long[] {1});
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /**
     * A scalar for arithmetic inside a graph: the same value and type DJL's {@code x.op(Number)} would make, but in
     * memory torch owns, so autograd may keep it. It belongs to {@code like}'s manager (the step's).
     *
     * @param like the array it will be combined with
     * @param value the scalar (its Java type picks the tensor's, as in DJL)
     * @return a 0-dimensional array owned by torch
     */
    public static NDArray scalar(NDArray like, Number value) {
        try (NDArray borrowed = like.getManager().create(value)) {
            return borrowed.duplicate();
        }
    }

    /**
     * @param target a float32 array of at least one dimension
     * @param values exactly {@code target.size()} values
     */
    public static void write(NDArray target, float[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException(values.length + " values for an array of " + target.size());
        }
        write(target, values, 0);
    }
}
