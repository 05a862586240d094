package org.cutmixsl.model.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.cutmixsl.model.train.Autograd;
import org.cutmixsl.model.train.SoftCrossEntropy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The correctness property of split learning: head → body → tail computed apart, with ∂L/∂S sent back
 * and the head's forward recomputed on the client, gives the same outputs and the same gradients as the
 * unsplit model under one autograd graph.
 */
class SplitForwardAndGradientsEqualUnsplit {

    private static final long SEED = 42;
    private static final int BATCH = 8;

    @ParameterizedTest(name = "{0}, head.blocks={1}")
    @CsvSource({"fmnist-tiny,0", "fmnist-tiny,1", "cifar-lite,0", "cifar-lite,1"})
    void splitGradientsMatchUnsplitAutograd(String preset, int headBlocks) {
        ViTConfig config = ViTConfig.preset(preset).withHeadBlocks(headBlocks);
        try (NDManager manager = NDManager.newBaseManager();
                Autograd.Scope grad = Autograd.gradMode(true)) {
            VisionTransformer whole = new VisionTransformer(config);
            whole.initialize(manager, DataType.FLOAT32, whole.head().inputShape(BATCH));
            ParameterInit.apply(whole, SEED, "");

            ViTHead head = new ViTHead(config);
            head.initialize(manager, DataType.FLOAT32, head.inputShape(BATCH));
            ParameterInit.apply(head, SEED, "head");
            ViTBody body = new ViTBody(config);
            body.initialize(manager, DataType.FLOAT32, body.inputShape(BATCH));
            ParameterInit.apply(body, SEED, "body");
            ViTTail tail = new ViTTail(config);
            tail.initialize(manager, DataType.FLOAT32, tail.inputShape(BATCH));
            ParameterInit.apply(tail, SEED, "tail");

            float[] images = randomImages(config, new SplittableRandom(7));
            float[] targets = randomSoftTargets(config.classes(), new SplittableRandom(8));

            // Unsplit: one graph from the images to the loss.
            float[] unsplitLogits;
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(images, whole.head().inputShape(BATCH));
                NDArray logits = whole.apply(x, true);
                unsplitLogits = logits.toFloatArray();
                NDArray loss = SoftCrossEntropy.loss(logits, step.create(targets, new Shape(BATCH, config.classes())), BATCH);
                Autograd.backward(loss);
            }

            // Split: the server gets S, returns ∂L/∂S; the client recomputes S and backpropagates it.
            float[] splitLogits;
            float[] gradS;
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(images, head.inputShape(BATCH));
                float[] smashed;
                try (Autograd.Scope off = Autograd.gradMode(false)) {
                    smashed = head.apply(x, false).toFloatArray();
                }
                NDArray received = step.create(smashed, body.inputShape(BATCH));
                received.setRequiresGradient(true);
                NDArray logits = tail.apply(body.apply(received, true), true);
                splitLogits = logits.toFloatArray();
                NDArray loss = SoftCrossEntropy.loss(logits, step.create(targets, new Shape(BATCH, config.classes())), BATCH);
                Autograd.backward(loss);
                gradS = received.getGradient().toFloatArray();
            }
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(images, head.inputShape(BATCH));
                NDArray s = head.apply(x, true);
                Autograd.backward(s, step.create(gradS, s.getShape()));
            }

            assertArrayEquals(unsplitLogits, splitLogits, 1e-6f, "forward: tail(body(head(x))) equals the unsplit model");
            Map<String, float[]> unsplit = gradients(whole, "");
            Map<String, float[]> split = new LinkedHashMap<>();
            split.putAll(gradients(head, "head_"));
            split.putAll(gradients(body, "body_"));
            split.putAll(gradients(tail, "tail_"));
            assertEquals(unsplit.keySet(), split.keySet());
            for (Map.Entry<String, float[]> e : unsplit.entrySet()) {
                double rel = relativeError(split.get(e.getKey()), e.getValue());
                assertTrue(rel <= 1e-5, e.getKey() + ": relative error " + rel + " > 1e-5");
            }
        }
    }

    static Map<String, float[]> gradients(Block block, String prefix) {
        Map<String, float[]> grads = new LinkedHashMap<>();
        for (Pair<String, Parameter> entry : block.getParameters()) {
            try (NDArray g = entry.getValue().getArray().getGradient()) {
                grads.put(prefix + ParameterInit.canonicalName(entry.getKey()), g.toFloatArray());
            }
        }
        return grads;
    }

    static double relativeError(float[] actual, float[] expected) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += Math.pow(actual[i] - expected[i], 2);
            norm += Math.pow(expected[i], 2);
        }
        assertTrue(norm > 0, "expected gradient is zero: the test would prove nothing");
        return Math.sqrt(diff) / Math.sqrt(norm);
    }

    static float[] randomImages(ViTConfig config, SplittableRandom random) {
        return randomImages(config, random, BATCH);
    }

    static float[] randomImages(ViTConfig config, SplittableRandom random, int batch) {
        float[] images = new float[batch * config.imageValues()];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return images;
    }

    static float[] randomSoftTargets(int classes, SplittableRandom random) {
        return randomSoftTargets(classes, random, BATCH);
    }

    static float[] randomSoftTargets(int classes, SplittableRandom random, int batch) {
        float[] targets = new float[batch * classes];
        for (int b = 0; b < batch; b++) {
            int a = random.nextInt(classes);
            int c = random.nextInt(classes);
            float lambda = (float) random.nextDouble();
            targets[b * classes + a] += lambda;
            targets[b * classes + c] += 1 - lambda;
        }
        return targets;
    }
}
