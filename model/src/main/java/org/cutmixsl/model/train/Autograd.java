package org.cutmixsl.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Backward passes without DJL's {@code GradientCollector}.
 *
 * <p>Why: {@code PtGradientCollector} keeps one JVM-wide flag, so two Spark tasks in one executor JVM
 * cannot both be inside backward, and it is the only thing in the way: torch's autograd engine runs
 * concurrent backward passes on disjoint graphs safely, and every client task here owns its own head
 * parameters. So this class calls torch's backward directly and sets torch's grad mode, which is per
 * thread, explicitly around each section (Spark reuses task threads, so a mode left behind by one task
 * must not leak into the next).
 *
 * <p>{@link #serialized} restores the JVM-wide exclusion as an option ({@code client.backwardLock}), kept
 * so its cost can be measured ({@code bench}) and as a fallback should a libtorch build misbehave.
 */
public final class Autograd {

    private static final ReentrantLock BACKWARD_LOCK = new ReentrantLock();
    private static volatile boolean serialized = false;

    static {
        // JniUtils calls need the native library, which loading the engine brings.
        ai.djl.engine.Engine.getEngine("PyTorch");
    }

    private Autograd() {}

    /**
     * Backpropagates {@code gradOutput} from {@code output} into the leaves of its graph, accumulating
     * into their {@code .grad}.
     *
     * @param output a tensor computed with grad mode on
     * @param gradOutput ∂L/∂output, same shape
     */
    public static void backward(NDArray output, NDArray gradOutput) {
        if (serialized) {
            BACKWARD_LOCK.lock();
            try {
                JniUtils.backward((PtNDArray) output, (PtNDArray) gradOutput, false, false);
            } finally {
                BACKWARD_LOCK.unlock();
            }
        } else {
            JniUtils.backward((PtNDArray) output, (PtNDArray) gradOutput, false, false);
        }
    }

    /**
     * Backpropagates a scalar loss.
     *
     * @param loss a scalar computed with grad mode on
     */
    public static void backward(NDArray loss) {
        try (NDArray one = loss.onesLike()) {
            backward(loss, one);
        }
    }

    /**
     * Sets the calling thread's grad mode until the returned scope closes.
     *
     * @param enabled whether operations record a graph
     * @return a scope restoring the previous mode
     */
    public static Scope gradMode(boolean enabled) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
        return () -> JniUtils.setGradMode(previous);
    }

    /**
     * Makes every backward pass in this JVM take one lock (DJL's own rule), or lifts it.
     *
     * @param enabled whether backward passes are serialized
     */
    public static void setSerialized(boolean enabled) {
        serialized = enabled;
    }

    /**
     * Zeroes the accumulated gradient of a parameter array in place.
     *
     * @param parameter a leaf with a gradient
     */
    public static void zeroGradient(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }

    /**
     * Sets the calling thread's intra-op thread count. Torch keeps it per thread (OpenMP's setting is
     * thread-local), so the server step and client tasks sharing one JVM can each use their own.
     *
     * @param threads intra-op threads
     */
    public static void setThreads(int threads) {
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }

    /** A section that restores state when closed; never throws. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
