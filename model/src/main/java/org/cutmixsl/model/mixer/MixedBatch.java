package org.cutmixsl.model.mixer;

import java.nio.FloatBuffer;

/**
 * One group's training batch for the server: tokens (N, P, D) row-major in one array and, when labels travelled with
 * the tokens, soft labels (N, C) row-major. N is the group's batch size for CutMix and Mixup and G·B for
 * concatenation.
 *
 * <p>The arrays live on the Java heap. DJL takes them as they are: {@code manager.create(batch.tokens(), shape)} copies
 * the buffer into native memory once (as it does for any buffer that is not a direct {@code ByteBuffer}). They are not
 * ND4J arrays: with ND4J 1.0.0-M2.1 the same scatter and gather measured 40 times slower or worse, the Mixup products
 * 5 times or worse ({@code ModelBench}'s {@code nd4j_*} figures), and a direct buffer taken from an ND4J array does
 * not keep the array alive (the array can be collected and its memory freed while the buffer is still written).
 *
 * <p>{@link #close()} releases the arrays; a closed batch refuses access, which catches use after the step.
 */
public final class MixedBatch implements AutoCloseable {

    private final int batch;
    private final int patches;
    private final int dim;
    private final int numClasses;
    private float[] tokens;
    private float[] softLabels;

    MixedBatch(int batch, int patches, int dim, int numClasses, float[] tokens, float[] softLabels) {
        this.batch = batch;
        this.patches = patches;
        this.dim = dim;
        this.numClasses = numClasses;
        this.tokens = tokens;
        this.softLabels = softLabels;
    }

    /** N, samples in the batch. */
    public int batch() {
        return batch;
    }

    /** P, patch tokens per sample. */
    public int patches() {
        return patches;
    }

    /** D, the token width. */
    public int dim() {
        return dim;
    }

    /** C, the number of classes; 0 when no labels were given. */
    public int numClasses() {
        return numClasses;
    }

    /** Whether soft labels are present (labels travel only while the tail is on the server). */
    public boolean hasLabels() {
        return softLabels != null;
    }

    /** The tokens as a buffer over {@link #tokenArray()}: N·P·D floats, (N, P, D) row-major, position 0. */
    public FloatBuffer tokens() {
        return FloatBuffer.wrap(tokenArray());
    }

    /** The tokens, (N, P, D) row-major; the batch's own array. */
    public float[] tokenArray() {
        if (tokens == null) {
            throw new IllegalStateException("mixed batch is closed");
        }
        return tokens;
    }

    /** The soft labels, (N, C) row-major, each row summing to 1 up to rounding; the batch's own array. */
    public float[] softLabels() {
        if (tokens == null) {
            throw new IllegalStateException("mixed batch is closed");
        }
        if (softLabels == null) {
            throw new IllegalStateException("this batch was mixed without labels");
        }
        return softLabels;
    }

    @Override
    public void close() {
        tokens = null;
        softLabels = null;
    }
}
