package org.cutmixsl.model.vit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import org.cutmixsl.model.train.Autograd;
import org.cutmixsl.model.train.SoftCrossEntropy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With CutMix, client k's head gradient obtained the split way (the server's ∂L/∂X̃ restricted to k's
 * kept tokens, backpropagated through k's recomputed head) equals what autograd gives for the mixed loss
 * with the other client's tokens held fixed.
 */
class CutMixHeadGradientsEqualAutograd {

    private static final int BATCH = 6;

    @ParameterizedTest(name = "{0}, head.blocks={1}")
    @CsvSource({"fmnist-tiny,0", "fmnist-tiny,1", "cifar-lite,0", "cifar-lite,1"})
    void clientHeadGradientEqualsAutogradOfMixedLoss(String preset, int headBlocks) {
        ViTConfig config = ViTConfig.preset(preset).withHeadBlocks(headBlocks);
        int p = config.patchCount();
        int d = config.width();
        SplittableRandom random = new SplittableRandom(11);
        float[] owner0 = new float[BATCH * p]; // 1 where client 0 keeps the patch
        for (int i = 0; i < owner0.length; i++) {
            owner0[i] = random.nextBoolean() ? 1f : 0f;
        }
        float[] images0 = SplitForwardAndGradientsEqualUnsplit.randomImages(config, new SplittableRandom(1), BATCH);
        float[] images1 = SplitForwardAndGradientsEqualUnsplit.randomImages(config, new SplittableRandom(2), BATCH);
        float[] targets = SplitForwardAndGradientsEqualUnsplit.randomSoftTargets(config.classes(), new SplittableRandom(3), BATCH);

        try (NDManager manager = NDManager.newBaseManager();
                Autograd.Scope grad = Autograd.gradMode(true)) {
            ViTHead head0 = head(config, manager, 100);
            ViTHead head1 = head(config, manager, 200);
            ViTBody body = new ViTBody(config);
            body.initialize(manager, DataType.FLOAT32, body.inputShape(BATCH));
            ParameterInit.apply(body, 5, "body");
            ViTTail tail = new ViTTail(config);
            tail.initialize(manager, DataType.FLOAT32, tail.inputShape(BATCH));
            ParameterInit.apply(tail, 5, "tail");
            Shape mask = new Shape(BATCH, p, 1);

            // Autograd reference: X̃ = M0·head0(x0) + (1−M0)·S1 with S1 held fixed.
            Map<String, float[]> reference;
            try (NDManager step = manager.newSubManager()) {
                NDArray m0 = step.create(owner0, mask);
                NDArray s1;
                try (Autograd.Scope off = Autograd.gradMode(false)) {
                    s1 = head1.apply(step.create(images1, head1.inputShape(BATCH)), false);
                }
                NDArray s0 = head0.apply(step.create(images0, head0.inputShape(BATCH)), true);
                NDArray mixed = s0.mul(m0).add(s1.mul(m0.neg().add(1f)));
                NDArray loss = SoftCrossEntropy.loss(tail.apply(body.apply(mixed, true), true),
                        step.create(targets, new Shape(BATCH, config.classes())), BATCH);
                Autograd.backward(loss);
                reference = SplitForwardAndGradientsEqualUnsplit.gradients(head0, "");
                zeroAll(head0, body, tail);
            }

            // Split: both clients upload, the server mixes on the host, returns each client its rows only.
            float[] gradFor0;
            try (NDManager step = manager.newSubManager()) {
                float[] s0;
                float[] s1;
                try (Autograd.Scope off = Autograd.gradMode(false)) {
                    s0 = head0.apply(step.create(images0, head0.inputShape(BATCH)), false).toFloatArray();
                    s1 = head1.apply(step.create(images1, head1.inputShape(BATCH)), false).toFloatArray();
                }
                float[] mixed = new float[BATCH * p * d];
                for (int t = 0; t < BATCH * p; t++) {
                    float[] source = owner0[t] == 1f ? s0 : s1;
                    System.arraycopy(source, t * d, mixed, t * d, d);
                }
                NDArray x = step.create(mixed, body.inputShape(BATCH));
                x.setRequiresGradient(true);
                NDArray loss = SoftCrossEntropy.loss(tail.apply(body.apply(x, true), true),
                        step.create(targets, new Shape(BATCH, config.classes())), BATCH);
                Autograd.backward(loss);
                float[] gradMixed = x.getGradient().toFloatArray();
                gradFor0 = new float[gradMixed.length];
                for (int t = 0; t < BATCH * p; t++) {
                    if (owner0[t] == 1f) {
                        System.arraycopy(gradMixed, t * d, gradFor0, t * d, d);
                    }
                }
            }
            try (NDManager step = manager.newSubManager()) {
                NDArray s0 = head0.apply(step.create(images0, head0.inputShape(BATCH)), true);
                Autograd.backward(s0, step.create(gradFor0, s0.getShape()));
            }
            Map<String, float[]> split = SplitForwardAndGradientsEqualUnsplit.gradients(head0, "");
            for (Map.Entry<String, float[]> e : reference.entrySet()) {
                double rel = SplitForwardAndGradientsEqualUnsplit.relativeError(split.get(e.getKey()), e.getValue());
                assertTrue(rel <= 1e-5, e.getKey() + ": relative error " + rel);
            }
        }
    }

    private static ViTHead head(ViTConfig config, NDManager manager, long seed) {
        ViTHead head = new ViTHead(config);
        head.initialize(manager, DataType.FLOAT32, head.inputShape(BATCH));
        ParameterInit.apply(head, seed, "head");
        return head;
    }

    private static void zeroAll(VitBlock... blocks) {
        for (VitBlock block : blocks) {
            block.getParameters().values().forEach(p -> Autograd.zeroGradient(p.getArray()));
        }
    }
}
