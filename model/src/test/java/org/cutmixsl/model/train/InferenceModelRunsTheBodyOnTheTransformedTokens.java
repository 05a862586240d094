package org.cutmixsl.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.cutmixsl.model.vit.ViTConfig;
import org.junit.jupiter.api.Test;

/**
 * Evaluation puts the method's deterministic transform between head and body: a transform that erases every token
 * leaves the body nothing to tell images apart by; the identity is the plain model.
 */
class InferenceModelRunsTheBodyOnTheTransformedTokens {

    private static final ViTConfig CONFIG = ViTConfig.preset("fmnist-tiny");

    private static ImageBatch images(int n) {
        SplittableRandom r = new SplittableRandom(3);
        byte[] pixels = new byte[n * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) r.nextInt(256);
        }
        return new ImageBatch(n, pixels, new int[n]);
    }

    @Test
    void theTransformIsAppliedBetweenHeadAndBody() {
        ImageBatch batch = images(32);
        try (InferenceModel model = new InferenceModel(CONFIG, Device.cpu())) {
            int[] plain = model.predict(batch);
            int[] erased = model.useTransform((smashed, upload) -> smashed.zerosLike()).predict(batch);
            assertEquals(1, Arrays.stream(erased).distinct().count(), "all tokens erased: one class for every image");
            int[] identity = model.useTransform(SmashedTransform.IDENTITY).predict(batch);
            assertTrue(Arrays.equals(plain, identity), "identity is the plain model");
        }
    }
}
