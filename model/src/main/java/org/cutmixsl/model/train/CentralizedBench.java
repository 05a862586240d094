package org.cutmixsl.model.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import java.util.Locale;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.vit.ModelPart;
import org.cutmixsl.model.vit.ViTConfig;

/**
 * Plain training of the whole ViT in one process: per minibatch, head, body and tail forward, the loss, one
 * backward, one AdamW step; nothing split, encoded or copied back to Java but the loss. It is the figure to put
 * beside any framework's plain training loop ({@code centralized_images_per_s}), and beside the bare loop's, whose
 * difference from it is what splitting costs.
 */
public final class CentralizedBench {

    private CentralizedBench() {}

    /**
     * @param steps timed steps
     * @param batch images per step
     * @param seconds timed seconds
     * @param imagesPerSecond steps × batch / seconds
     * @param lastLoss the last step's loss (finite, or the measurement means nothing)
     */
    public record Result(int steps, int batch, double seconds, double imagesPerSecond, float lastLoss) {}

    /**
     * Trains on synthetic images (the computation does not depend on pixel values).
     *
     * @param model the model shape
     * @param batch images per step
     * @param warmupSteps untimed steps first
     * @param measuredSteps timed steps
     * @param threads intra-op threads
     * @param seed the seed of weights, minibatches and synthetic data
     * @param device where it computes
     * @return the measurement
     */
    public static Result run(ViTConfig model, int batch, int warmupSteps, int measuredSteps, int threads, long seed,
            Device device) {
        Autograd.setThreads(threads);
        int total = warmupSteps + measuredSteps;
        OptimizerConfig optim = BareLoopBench.defaultOptimizer("optim", 1e-3f, 10, total);
        ClientSamples data = BareLoopBench.synthetic(model, 1, Math.max(2048, 2 * batch), seed).get(0);
        try (TrainablePart head = new TrainablePart(ModelPart.HEAD, model, optim, device, seed);
                TrainablePart body = new TrainablePart(ModelPart.BODY, model, optim, device, seed);
                TrainablePart tail = new TrainablePart(ModelPart.TAIL, model, optim, device, seed)) {
            float loss = 0;
            long start = System.nanoTime();
            for (int s = 0; s < total; s++) {
                if (s == warmupSteps) {
                    start = System.nanoTime();
                }
                ImageBatch images = data.batch(MinibatchSampler.indices(seed, 0, s, data.size(), batch));
                loss = step(model, images, head, body, tail);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            TrainingDivergedException.requireFinite(loss, "the centralized bench's loss at its last step");
            return new Result(measuredSteps, batch, seconds, (double) measuredSteps * batch / seconds, loss);
        }
    }

    /** One plain training step; reading the loss back waits for the device, as a loop printing its loss does. */
    private static float step(ViTConfig model, ImageBatch images, TrainablePart head, TrainablePart body,
            TrainablePart tail) {
        int n = images.size();
        float[] targets = new float[n * model.classes()];
        for (int i = 0; i < n; i++) {
            targets[i * model.classes() + images.labels()[i]] = 1f;
        }
        float loss;
        try (NDManager step = head.manager().newSubManager();
                Autograd.Scope graph = Autograd.gradMode(true)) {
            NDArray smashed = head.block().apply(images.toInput(step, model), true);
            NDArray logits = tail.block().apply(body.block().apply(smashed, true), true);
            NDArray lossArray = SoftCrossEntropy.loss(logits, step.create(targets, new Shape(n, model.classes())), n);
            loss = lossArray.getFloat();
            Autograd.backward(lossArray);
        }
        head.optimizer().step();
        body.optimizer().step();
        tail.optimizer().step();
        return loss;
    }

    /** Prints a result as {@code key=value} lines, keys prefixed (e.g. {@code centralized}). */
    public static void print(String prefix, Result r, PrintStream out) {
        out.println(prefix + "_images_per_s=" + String.format(Locale.ROOT, "%.1f", r.imagesPerSecond()));
        out.println(prefix + "_batch=" + r.batch());
        out.println(prefix + "_steps=" + r.steps());
    }
}
