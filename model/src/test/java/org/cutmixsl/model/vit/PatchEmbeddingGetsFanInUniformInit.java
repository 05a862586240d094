package org.cutmixsl.model.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

/**
 * The patch embedding starts uniform in ±1/√fan_in (PyTorch's Conv2d default), every other weight keeps the
 * truncated normal of sd 0.02, and the same seed gives the same weights.
 */
class PatchEmbeddingGetsFanInUniformInit {

    @Test
    void patchWeightIsUniformOverItsFanInBound() {
        ViTConfig config = ViTConfig.preset("fmnist-tiny");
        try (NDManager manager = NDManager.newBaseManager()) {
            ViTHead head = new ViTHead(config);
            head.initialize(manager, DataType.FLOAT32, head.inputShape(2));
            ParameterInit.apply(head, 7, "head");
            float[] patch = null;
            float[] position = null;
            for (Pair<String, Parameter> p : head.getParameters()) {
                String name = ParameterInit.canonicalName(p.getKey());
                if (name.endsWith("patch_weight")) {
                    patch = p.getValue().getArray().toFloatArray();
                } else if (name.endsWith("position")) {
                    position = p.getValue().getArray().toFloatArray();
                }
            }
            double bound = 1 / Math.sqrt(config.patchDim()); // 16 values per patch: 0.25
            assertEquals(config.width() * config.patchDim(), patch.length);
            double sumSq = 0;
            double max = 0;
            for (float v : patch) {
                assertTrue(Math.abs(v) <= bound, "value " + v + " beyond ±" + bound);
                sumSq += v * (double) v;
                max = Math.max(max, Math.abs(v));
            }
            // uniform(−b, b) has sd b/√3; over 1,024 values the sample sd is within 10% of it
            assertEquals(bound / Math.sqrt(3), Math.sqrt(sumSq / patch.length), 0.1 * bound / Math.sqrt(3));
            assertTrue(max > 0.9 * bound, "the values fill their range: max " + max);
            for (float v : position) {
                assertTrue(Math.abs(v) <= 2 * ParameterInit.STD + 1e-7, "position embedding stays truncated normal");
            }

            ViTHead again = new ViTHead(config);
            again.initialize(manager, DataType.FLOAT32, again.inputShape(2));
            ParameterInit.apply(again, 7, "head");
            for (Pair<String, Parameter> p : again.getParameters()) {
                if (ParameterInit.canonicalName(p.getKey()).endsWith("patch_weight")) {
                    assertArrayEquals(patch, p.getValue().getArray().toFloatArray());
                }
            }
        }
    }
}
