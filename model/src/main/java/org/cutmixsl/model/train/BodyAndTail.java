package org.cutmixsl.model.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.vit.ModelPart;
import org.cutmixsl.model.vit.ViTConfig;

/**
 * The server's trainable body plus tail ({@link MicroBatchedPass} feeds it). A round's server batch may hold tens of thousands of samples, so it is fed
 * in micro-batches through {@link #accumulate}: each adds its share of the gradient of the round's mean
 * loss (parameter gradients accumulate in place) and returns ∂L/∂X for its samples; {@link #step} then
 * takes the round's single optimiser step. Memory is bounded by the micro-batch, not the round.
 */
public final class BodyAndTail implements AutoCloseable {

    private final ViTConfig config;
    private final TrainablePart body;
    private final TrainablePart tail;

    /**
     * @param config the model shape
     * @param optim body and tail optimiser settings
     * @param device where it computes
     * @param seed initial weights' seed
     */
    public BodyAndTail(ViTConfig config, OptimizerConfig optim, Device device, long seed) {
        this.config = config;
        this.body = new TrainablePart(ModelPart.BODY, config, optim, device, seed);
        TrainablePart t = null;
        try {
            t = new TrainablePart(ModelPart.TAIL, config, optim, device, seed);
        } finally {
            if (t == null) {
                body.close();
            }
        }
        this.tail = t;
    }

    /**
     * Forward and backward over one micro-batch of the round.
     *
     * @param tokens X (n, P, D) row-major, position 0, n·P·D remaining
     * @param n samples in this micro-batch
     * @param softTargets ỹ (n, C)
     * @param normalizer the round's total sample count N (the loss is a mean over N)
     * @return this micro-batch's loss contribution and ∂L/∂X (n, P, D)
     */
    public MicroBatchResult accumulate(FloatBuffer tokens, int n, float[] softTargets, int normalizer) {
        try (NDManager step = body.manager().newSubManager();
                Autograd.Scope graph = Autograd.gradMode(true)) {
            NDArray x = step.create(tokens, ModelPart.BODY.inputShape(config, n));
            x.setRequiresGradient(true);
            NDArray logits = tail.block().apply(body.block().apply(x, true), true);
            NDArray targets = step.create(softTargets, new Shape(n, config.classes()));
            NDArray loss = SoftCrossEntropy.loss(logits, targets, normalizer);
            float lossValue = loss.getFloat();
            Autograd.backward(loss);
            try (NDArray grad = x.getGradient()) {
                return new MicroBatchResult(lossValue, grad.toFloatArray());
            }
        }
    }

    /** One optimiser step of body and tail with the gradients accumulated this round. */
    public void step() {
        body.optimizer().step();
        tail.optimizer().step();
    }

    /** Drops the gradients accumulated so far (a round that failed before its step). */
    public void discardGradients() {
        body.optimizer().zeroGradients();
        tail.optimizer().zeroGradients();
    }

    /** @return the body part */
    public TrainablePart body() {
        return body;
    }

    /** @return the tail part */
    public TrainablePart tail() {
        return tail;
    }

    /** @return the model shape */
    public ViTConfig config() {
        return config;
    }

    @Override
    public void close() {
        try {
            tail.close();
        } finally {
            body.close();
        }
    }

    /**
     * @param loss this micro-batch's contribution to the round's mean loss
     * @param gradTokens ∂L/∂X for its samples (n, P, D)
     */
    public record MicroBatchResult(float loss, float[] gradTokens) {}
}
