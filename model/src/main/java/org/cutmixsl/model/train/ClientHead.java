package org.cutmixsl.model.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.model.vit.ModelPart;
import org.cutmixsl.model.vit.ViTConfig;

/**
 * A client's head and its two halves of a round: {@link #smash} computes the smashed data to upload
 * (no graph kept, nothing held between stages), and {@link #backward} recomputes the same forward pass
 * with a graph and backpropagates the gradient the server returned. The minibatch is recomputed rather
 * than held, so the two halves can run in different Spark stages, or again after a retried task.
 */
public final class ClientHead implements AutoCloseable {

    private final ViTConfig config;
    private final TrainablePart head;

    /**
     * @param config the model shape
     * @param optim the head's optimiser
     * @param device where it computes
     * @param seed initial weights' seed
     */
    public ClientHead(ViTConfig config, OptimizerConfig optim, Device device, long seed) {
        this.config = config;
        this.head = new TrainablePart(ModelPart.HEAD, config, optim, device, seed);
    }

    /**
     * The upload's tokens, before punching.
     *
     * @param images the client's minibatch
     * @param transform DP clipping and noise, or identity
     * @return S as (B, P, D) row-major floats
     */
    public float[] smash(ImageBatch images, SmashedTransform transform) {
        try (NDManager step = head.manager().newSubManager();
                Autograd.Scope noGraph = Autograd.gradMode(false)) {
            NDArray s = head.block().apply(images.toInput(step, config), false);
            return transform.apply(s, true).toFloatArray();
        }
    }

    /**
     * Recomputes the forward pass with a graph and backpropagates ∂L/∂S into the head's gradients.
     *
     * @param images the same minibatch as {@link #smash}
     * @param gradSmashed ∂L/∂S (B, P, D), zero at tokens the client did not send
     * @param transform the same transform as {@link #smash}
     */
    public void backward(ImageBatch images, float[] gradSmashed, SmashedTransform transform) {
        try (NDManager step = head.manager().newSubManager();
                Autograd.Scope graph = Autograd.gradMode(true)) {
            NDArray s = transform.apply(head.block().apply(images.toInput(step, config), true), false);
            Autograd.backward(s, step.create(gradSmashed, s.getShape()));
        }
    }

    /** Steps the head's optimiser with the accumulated gradients. */
    public void step() {
        head.optimizer().step();
    }

    /** @return the head part */
    public TrainablePart part() {
        return head;
    }

    /** @return a copy of the head's parameters */
    public ParameterVector parameters() {
        return head.parameters();
    }

    /** @param parameters head parameters to load */
    public void loadParameters(ParameterVector parameters) {
        head.loadParameters(parameters);
    }

    /**
     * Loads a client's whole head state.
     *
     * @param parameters head parameters
     * @param optimizerState the client's optimiser state, or an empty array for a fresh optimiser
     */
    public void loadState(ParameterVector parameters, byte[] optimizerState) {
        head.loadParameters(parameters);
        if (optimizerState.length == 0) {
            head.optimizer().reset();
        } else {
            head.optimizer().importState(optimizerState);
        }
        head.optimizer().zeroGradients();
    }

    /** @return the optimiser state as bytes */
    public byte[] optimizerState() {
        return head.optimizer().exportState();
    }

    @Override
    public void close() {
        head.close();
    }
}
