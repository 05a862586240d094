package org.cutmixsl.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.mixer.ConcatBatcher;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.plan.PlanConfig;
import org.cutmixsl.model.vit.ViTConfig;
import org.junit.jupiter.api.Test;

/**
 * The bare loop runs CutMixSL and, with the concatenating mixer and groups of one, SplitFed; the same seed gives
 * the same losses; its three timed phases accumulate within its rounds; and its benchmark counts client images per timed
 * second.
 */
class BareLoopTrainsCutMixAndSplitFed {

    private static final ViTConfig MODEL = ViTConfig.preset("fmnist-tiny");

    private static float[] losses(PlanConfig plan, boolean concat, int rounds) {
        List<ClientSamples> data = BareLoopBench.synthetic(MODEL, 2, 64, 5);
        OptimizerConfig optim = BareLoopBench.defaultOptimizer("optim", 1e-3f, 1, rounds);
        BareLoop.Settings settings = new BareLoop.Settings(MODEL, plan, Encoding.FP16, 8, optim, optim, 5, 1, 1, 1024, Device.cpu());
        float[] out = new float[rounds];
        try (BareLoop loop = concat ? new BareLoop(settings, data, new ConcatBatcher()) : new BareLoop(settings, data)) {
            for (int r = 0; r < rounds; r++) {
                out[r] = loop.round(r);
                assertTrue(Float.isFinite(out[r]) && out[r] > 0, "round " + r + " loss " + out[r]);
            }
            double accuracy = loop.accuracy(List.of(data.get(0).batch(new int[] {0, 1, 2, 3})));
            assertTrue(accuracy >= 0 && accuracy <= 1);
        }
        return out;
    }

    @Test
    void cutMixRoundsAreReproducible() {
        float[] a = losses(PlanConfig.defaults(), false, 3);
        float[] b = losses(PlanConfig.defaults(), false, 3);
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
    }

    @Test
    void splitFedRunsWithGroupsOfOne() {
        float[] sfl = losses(PlanConfig.defaults().withGroupSize(1).withRatio(PlanConfig.RatioMode.FIXED), true, 3);
        float[] cut = losses(PlanConfig.defaults(), false, 3);
        // Same initial weights and minibatches: the first loss differs only by what the server trains on (two
        // unmixed batches against one CutMixed batch), so both are near ln(10) but not equal.
        assertTrue(Math.abs(sfl[0] - Math.log(10)) < 0.5 && Math.abs(cut[0] - Math.log(10)) < 0.5,
                sfl[0] + " " + cut[0]);
        assertTrue(sfl[0] != cut[0]);
    }

    @Test
    void itsThreePhasesAccumulateWithinItsRounds() {
        List<ClientSamples> data = BareLoopBench.synthetic(MODEL, 2, 64, 5);
        OptimizerConfig optim = BareLoopBench.defaultOptimizer("optim", 1e-3f, 1, 2);
        BareLoop.Settings settings = new BareLoop.Settings(MODEL, PlanConfig.defaults(), Encoding.FP16, 8, optim, optim,
                5, 1, 1, 1024, Device.cpu());
        try (BareLoop loop = new BareLoop(settings, data)) {
            assertEquals(List.of(0.0, 0.0, 0.0), java.util.Arrays.stream(loop.phaseSeconds()).boxed().toList());
            long start = System.nanoTime();
            loop.round(0);
            loop.round(1);
            double wall = (System.nanoTime() - start) / 1e9;
            double[] phases = loop.phaseSeconds();
            for (double p : phases) {
                assertTrue(p > 0, java.util.Arrays.toString(phases));
            }
            double sum = phases[0] + phases[1] + phases[2];
            assertTrue(sum <= wall, sum + " s of phases in " + wall + " s of rounds");
            // They accumulate over rounds: a third round adds to each.
            loop.round(2);
            double[] more = loop.phaseSeconds();
            for (int i = 0; i < 3; i++) {
                assertTrue(more[i] > phases[i],
                        java.util.Arrays.toString(phases) + " then " + java.util.Arrays.toString(more));
            }
        }
    }

    @Test
    void benchmarkCountsClientImagesPerTimedSecond() {
        BareLoopBench.Options o = new BareLoopBench.Options(MODEL, 2, 8, 1, 2, 1, 1, 32, 3, Device.cpu());
        BareLoopBench.Result r = BareLoopBench.run(o);
        assertEquals(2, r.rounds());
        assertEquals(2, r.clients());
        assertEquals(2.0 * 2 * 8 / r.seconds(), r.imagesPerSecond(), 1e-9);
    }
}
