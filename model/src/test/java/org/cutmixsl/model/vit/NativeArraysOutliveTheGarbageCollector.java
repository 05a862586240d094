package org.cutmixsl.model.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link NativeArrays} makes lives as long as torch needs it, whatever the garbage collector does: a scalar
 * that autograd keeps between forward and backward still holds its value after collections and after freed
 * memory was handed out again, and values written into an array are copies in the array's own storage.
 *
 * <p>The first test fails with DJL's own {@code x.mul(3f)} in place of the scalar (checked on the 2-core
 * development machine: the gradient read freed memory within the first iterations).
 */
class NativeArraysOutliveTheGarbageCollector {

    @Test
    void aScalarThatAutogradKeepsSurvivesCollectionsBeforeBackward() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = 0; i < 200; i++) {
                boolean previous = JniUtils.isGradMode();
                JniUtils.setGradMode(true);
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = step.ones(new Shape(64));
                    x.setRequiresGradient(true);
                    // Mul saves its other operand for backward: the scalar must outlive this statement.
                    NDArray y = x.mul(NativeArrays.scalar(x, 3f)).sum();
                    churnFreedMemory();
                    JniUtils.backward((PtNDArray) y, (PtNDArray) y.onesLike(), false, false);
                    float[] grad = x.getGradient().toFloatArray();
                    float[] three = new float[grad.length];
                    Arrays.fill(three, 3f);
                    assertArrayEquals(three, grad, "iteration " + i + ": d(3x)/dx read something else than 3");
                } finally {
                    JniUtils.setGradMode(previous);
                }
            }
        }
    }

    @Test
    void aScalarKeepsDjlsValueAndType() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1f, 2f, 4f});
            assertArrayEquals(x.div(3).toFloatArray(), x.div(NativeArrays.scalar(x, 3)).toFloatArray());
            assertArrayEquals(x.mul(0.125f).toFloatArray(), x.mul(NativeArrays.scalar(x, 0.125f)).toFloatArray());
            NDArray s = NativeArrays.scalar(x, 7);
            assertEquals(new Shape(), s.getShape());
            assertEquals(manager.create(7).getDataType(), s.getDataType());
            assertTrue(manager.getManagedArrays().contains(s), "the scalar belongs to the array's manager");
        }
    }

    @Test
    void writtenValuesAreCopiesInTheArraysOwnStorage() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray target = manager.zeros(new Shape(3, 4));
            float[] values = new float[20];
            for (int i = 0; i < values.length; i++) {
                values[i] = i;
            }
            NativeArrays.write(target, values, 5);
            Arrays.fill(values, -1f);
            churnFreedMemory();
            float[] expected = new float[12];
            for (int i = 0; i < 12; i++) {
                expected[i] = i + 5;
            }
            assertArrayEquals(expected, target.toFloatArray(), "later changes to the Java values do not show");
            assertEquals(new Shape(3, 4), target.getShape());
        }
    }

    @Test
    void aWriteOfTheWrongLengthNamesBothLengths() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray target = manager.zeros(new Shape(2, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NativeArrays.write(target, new float[5]));
            assertEquals("5 values for an array of 6", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> NativeArrays.write(target, new float[8], 4));
            assertEquals("need 6 values from offset 4, have 8", e.getMessage());
        }
    }

    /** Collects, then hands freed native memory out again filled with NaN, as the rest of a training step would. */
    private static void churnFreedMemory() {
        System.gc();
        List<ByteBuffer> reuse = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 + 4 * (i % 4)).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 4) {
                b.putFloat(Float.NaN);
            }
            reuse.add(b);
        }
        reuse.clear();
    }
}
