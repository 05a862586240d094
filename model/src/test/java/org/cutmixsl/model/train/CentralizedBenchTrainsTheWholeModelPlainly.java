package org.cutmixsl.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.cutmixsl.model.vit.ViTConfig;
import org.junit.jupiter.api.Test;

/** bench model's centralized figure: a real training loop of the whole ViT, counted in images per timed second. */
class CentralizedBenchTrainsTheWholeModelPlainly {

    private static final ViTConfig MODEL = ViTConfig.preset("fmnist-tiny");

    @Test
    void itCountsImagesPerTimedSecond() {
        CentralizedBench.Result r = CentralizedBench.run(MODEL, 8, 1, 3, 1, 3, Device.cpu());
        assertEquals(3, r.steps());
        assertEquals(8, r.batch());
        assertEquals(3.0 * 8 / r.seconds(), r.imagesPerSecond(), 1e-9);
    }

    @Test
    void itsFirstLossIsChanceLevelAndTheSameSeedGivesTheSameSteps() {
        // An untrained 10-class classifier scores about ln 10 = 2.30; a forward pass that is not the model's would not.
        CentralizedBench.Result first = CentralizedBench.run(MODEL, 16, 0, 1, 1, 5, Device.cpu());
        assertTrue(first.lastLoss() > 1.8f && first.lastLoss() < 2.9f, "first loss " + first.lastLoss());
        // Five steps of initialisation, sampling and AdamW: the same seed repeats them exactly.
        CentralizedBench.Result a = CentralizedBench.run(MODEL, 16, 0, 5, 1, 5, Device.cpu());
        CentralizedBench.Result b = CentralizedBench.run(MODEL, 16, 0, 5, 1, 5, Device.cpu());
        assertEquals(a.lastLoss(), b.lastLoss());
    }
}
