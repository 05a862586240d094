package org.cutmixsl.model.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.model.vit.ViTConfig;
import org.cutmixsl.model.vit.VisionTransformer;

/**
 * The whole ViT for evaluation and prediction: head, body and tail loaded from their parameter vectors,
 * run with unpunched tokens and no graph. Between head and body it applies the method's deterministic client
 * transform ({@link #useTransform}; none by default), the one the body trained on: DP-CutMixSL's clipping.
 */
public final class InferenceModel implements AutoCloseable {

    private final ViTConfig config;
    private final NDManager manager;
    private final VisionTransformer model;
    private SmashedTransform transform = SmashedTransform.IDENTITY;

    /**
     * @param config the model shape
     * @param device where it computes
     */
    public InferenceModel(ViTConfig config, Device device) {
        this.config = config;
        this.manager = NDManager.newBaseManager(device);
        this.model = new VisionTransformer(config);
        model.initialize(manager, DataType.FLOAT32, model.head().inputShape(1));
    }

    /**
     * @param head head parameters
     * @param body body parameters
     * @param tail tail parameters
     * @return this model
     */
    public InferenceModel load(ParameterVector head, ParameterVector body, ParameterVector tail) {
        head.loadInto(model.head());
        body.loadInto(model.body());
        tail.loadInto(model.tail());
        return this;
    }

    /**
     * @param deterministic what clients do to their smashed data before the body, without noise
     *     ({@link SmashedTransform#deterministic()}); applied with {@code upload = false}
     * @return this model
     */
    public InferenceModel useTransform(SmashedTransform deterministic) {
        this.transform = deterministic;
        return this;
    }

    /** @param head head parameters to swap in (per-client heads share body and tail) */
    public void loadHead(ParameterVector head) {
        head.loadInto(model.head());
    }

    /**
     * @param images a batch
     * @return the predicted class of each image
     */
    public int[] predict(ImageBatch images) {
        try (NDManager step = manager.newSubManager();
                Autograd.Scope noGraph = Autograd.gradMode(false)) {
            long[] arg = forward(step, images).argMax(1).toLongArray();
            int[] out = new int[arg.length];
            for (int i = 0; i < arg.length; i++) {
                out[i] = (int) arg[i];
            }
            return out;
        }
    }

    /**
     * @param images a batch
     * @return the logits, (n, classes) row-major
     */
    public float[] logits(ImageBatch images) {
        try (NDManager step = manager.newSubManager();
                Autograd.Scope noGraph = Autograd.gradMode(false)) {
            return forward(step, images).toFloatArray();
        }
    }

    private NDArray forward(NDManager step, ImageBatch images) {
        NDArray smashed = transform.apply(model.head().apply(images.toInput(step, config), false), false);
        return model.tail().apply(model.body().apply(smashed, false), false);
    }

    /**
     * @param images a batch with labels
     * @return how many predictions equal the labels
     */
    public int correct(ImageBatch images) {
        int[] predicted = predict(images);
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == images.labels()[i]) {
                correct++;
            }
        }
        return correct;
    }

    /** @return the underlying DJL block (for saving as a DJL model) */
    public VisionTransformer block() {
        return model;
    }

    /** @return the manager owning the parameters */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
