package org.cutmixsl.model.optim;

import ai.djl.ndarray.NDArray;
import org.cutmixsl.model.vit.NativeArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Updates the parameters of one part from their accumulated gradients, then zeroes them. The
 * optimiser owns its state arrays (moments) in its own manager, on the parameters' device; {@link
 * #exportState()} turns the state and the step count into bytes so that a resumed run continues exactly.
 *
 * <p>Updates run inside torch with grad mode off (torch's update kernels guard it themselves), because
 * in-place updates of leaves that require gradients are refused while grad mode is on, and grad mode is
 * on in Spark's task threads.
 */
public abstract class Optimizer implements AutoCloseable {

    private static final int MAGIC = 0x4F505453; // "OPTS"

    /** The settings. */
    protected final OptimizerConfig config;
    /** The trainable parameters, in block order. */
    protected final List<Parameter> parameters = new ArrayList<>();
    /** Whether each parameter takes weight decay (only linear weights do). */
    protected final List<Boolean> decays = new ArrayList<>();
    /** Owner of the state arrays. */
    protected final NDManager stateManager;
    private final LearningRateSchedule schedule;
    private int steps;

    /**
     * @param config settings
     * @param block the part (initialized)
     * @param manager a manager on the parameters' device; the optimiser creates a sub-manager of it
     */
    protected Optimizer(OptimizerConfig config, Block block, NDManager manager) {
        this.config = config;
        this.schedule = config.schedule();
        this.stateManager = manager.newSubManager();
        for (Pair<String, Parameter> entry : block.getParameters()) {
            if (entry.getValue().requiresGradient()) {
                parameters.add(entry.getValue());
                decays.add(entry.getValue().getType() == Parameter.Type.WEIGHT);
            }
        }
    }

    /**
     * Creates the optimiser a configuration names.
     *
     * @param config settings
     * @param block the part
     * @param manager a manager on the parameters' device
     * @return the optimiser
     */
    public static Optimizer create(OptimizerConfig config, Block block, NDManager manager) {
        switch (config.kind()) {
            case ADAMW:
                return new AdamW(config, block, manager);
            case SGD:
                return new SgdMomentum(config, block, manager);
            default:
                throw new IllegalArgumentException("unknown optimiser " + config.kind());
        }
    }

    /** Applies one update with the scheduled learning rate, zeroes the gradients, counts the step. */
    public final void step() {
        float lr = schedule.at(steps);
        float rescale = config.clipNorm() > 0 ? clipScale() : 1f;
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            // getGradient wraps torch's .grad in a new array owned by the parameter's manager: close it.
            try (NDArray grad = weight.getGradient()) {
                update(i, (PtNDArray) weight, (PtNDArray) grad, lr, rescale);
            }
            JniUtils.zeroGrad((PtNDArray) weight);
        }
        steps++;
    }

    /** Forgets every update: zero state, zero steps (a client seen for the first time). */
    public final void reset() {
        for (int i = 0; i < parameters.size(); i++) {
            for (NDArray state : stateOf(i)) {
                NativeArrays.write(state, new float[Math.toIntExact(state.size())]);
            }
        }
        steps = 0;
    }

    /** Zeroes the accumulated gradients without updating (a round that failed, say). */
    public final void zeroGradients() {
        for (Parameter parameter : parameters) {
            JniUtils.zeroGrad((PtNDArray) parameter.getArray());
        }
    }

    private float clipScale() {
        double sumSquares = 0;
        for (Parameter parameter : parameters) {
            try (NDArray grad = parameter.getArray().getGradient(); NDArray sq = grad.square().sum()) {
                sumSquares += sq.getFloat();
            }
        }
        double norm = Math.sqrt(sumSquares);
        return norm > config.clipNorm() ? (float) (config.clipNorm() / norm) : 1f;
    }

    /**
     * Updates parameter {@code index}.
     *
     * @param index position in {@link #parameters}
     * @param weight the parameter
     * @param grad its gradient
     * @param lr the scheduled learning rate
     * @param rescale the gradient scale from global-norm clipping
     */
    protected abstract void update(int index, PtNDArray weight, PtNDArray grad, float lr, float rescale);

    /** @return the state arrays of parameter {@code index}, in a fixed order */
    protected abstract NDArray[] stateOf(int index);

    /** @return optimiser steps taken */
    public final int steps() {
        return steps;
    }

    /** @return the step count and every state array, as bytes with a CRC32C */
    public final byte[] exportState() {
        List<float[]> arrays = new ArrayList<>();
        long floats = 0;
        for (int i = 0; i < parameters.size(); i++) {
            for (NDArray state : stateOf(i)) {
                float[] values = state.toFloatArray();
                arrays.add(values);
                floats += values.length;
            }
        }
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(4 + 4 + 4 + 4 * floats + 4))
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).putInt(steps).putInt(arrays.size());
        for (float[] values : arrays) {
            buffer.asFloatBuffer().put(values);
            buffer.position(buffer.position() + 4 * values.length);
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        return buffer.array();
    }

    /**
     * Restores state written by {@link #exportState()} for the same part and optimiser kind.
     *
     * @param bytes the state
     */
    public final void importState(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 16 || buffer.getInt() != MAGIC) {
            throw new IllegalArgumentException("not an optimiser state (" + bytes.length + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IllegalArgumentException("optimiser state damaged: checksum mismatch");
        }
        int savedSteps = buffer.getInt();
        int count = buffer.getInt();
        int expected = 0;
        for (int i = 0; i < parameters.size(); i++) {
            expected += stateOf(i).length;
        }
        if (count != expected) {
            throw new IllegalArgumentException("optimiser state holds " + count + " arrays, this "
                    + config.kind() + " optimiser has " + expected);
        }
        for (int i = 0; i < parameters.size(); i++) {
            for (NDArray state : stateOf(i)) {
                int n = Math.toIntExact(state.size());
                if (buffer.remaining() - 4 < 4L * n) {
                    throw new IllegalArgumentException("optimiser state truncated");
                }
                float[] values = new float[n];
                buffer.asFloatBuffer().get(values);
                buffer.position(buffer.position() + 4 * n);
                NativeArrays.write(state, values);
            }
        }
        steps = savedSteps;
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
