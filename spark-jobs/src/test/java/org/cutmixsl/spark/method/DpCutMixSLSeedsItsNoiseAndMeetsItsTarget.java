package org.cutmixsl.spark.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.cutmixsl.model.plan.PatchGrid;
import org.cutmixsl.model.privacy.ClipUnit;
import org.cutmixsl.model.privacy.DpGuarantee;
import org.cutmixsl.model.train.DpClip;
import org.cutmixsl.model.train.DpClipAndNoise;
import org.cutmixsl.model.train.DpEvaluationNoise;
import org.cutmixsl.model.train.SmashedTransform;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.config.TrainConfig;
import org.junit.jupiter.api.Test;

/**
 * DP-CutMixSL as the round loop sees it: a retried client task (same seed, round, client, step) draws the same
 * noise, σ solved for dp.targetEpsilon gives that ε back for the run's actual releases, σ = 0 states that there is
 * no guarantee, and evaluation uses the clip alone.
 */
class DpCutMixSLSeedsItsNoiseAndMeetsItsTarget {

    private static final int[] COUNTS = {600, 600, 600, 600};

    private static TrainConfig config(String... overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("method=dp-cutmixsl", "clients.count=4", "train.rounds=30",
                "clients.batchSize=16"));
        all.addAll(List.of(overrides));
        return ConfigLoader.load(null, all);
    }

    private static float[] noiseOf(SplitMethod method, StepLayout layout, int client, long seed, int round, int step) {
        return ((DpClipAndNoise) method.transform(layout, client, seed, round, step)).noise(64);
    }

    @Test
    void aRetryDrawsTheSameNoiseAndOtherClientsRoundsAndSeedsOtherNoise() {
        TrainConfig c = config();
        SplitMethod method = SplitMethods.create(c, COUNTS);
        PatchGrid grid = PatchGrid.of(28, 28, 4);
        int[] clients = {0, 1, 2, 3};
        StepLayout layout = method.layout(7, 5, 0, clients, 16, grid);
        float[] first = noiseOf(method, layout, 1, 7, 5, 0);
        float[] retry = noiseOf(SplitMethods.create(c, COUNTS), method.layout(7, 5, 0, clients, 16, grid), 1, 7, 5, 0);
        assertArrayEquals(first, retry, "same seed, round, client and step: the same noise");
        assertFalse(Arrays.equals(first, noiseOf(method, layout, 2, 7, 5, 0)), "another client");
        StepLayout round6 = method.layout(7, 6, 0, clients, 16, grid);
        assertFalse(Arrays.equals(noiseOf(method, round6, 1, 7, 6, 0), noiseOf(method, round6, 1, 8, 6, 0)), "another seed");
    }

    @Test
    void sigmaSolvedForTheTargetGivesTheTargetBack() {
        for (double target : new double[] {1, 2, 4, 8, 16}) {
            TrainConfig c = config("dp.targetEpsilon=" + target);
            SplitMethod method = SplitMethods.create(c, COUNTS);
            long[] releases = Releases.maxima(c, method, COUNTS, c.rounds);
            DpGuarantee g = method.guarantee(releases[0], releases[1]);
            assertEquals(target, g.epsilonComposed(), 0.01 * target,
                    "ε " + target + " over " + releases[1] + " releases: σ " + g.noiseMultiplier());
            assertTrue(g.epsilonComposed() <= target, "never above the target: " + g.epsilonComposed());
            assertEquals(target, method.targetEpsilon());
            assertEquals(ClipUnit.TOKEN, g.clipUnit());
            assertTrue(g.summary().contains("clipped per token"), g.summary());
        }
    }

    @Test
    void aTokenRecordNoisesEachValueBySigmaTimesCAndSaysWhatItProtects() {
        // the same σ, per-token clipping: an image record's noise is √k times a token record's, for each image
        TrainConfig image = config("dp.noiseMultiplier=1.5", "dp.clipNorm=2");
        TrainConfig token = config("dp.noiseMultiplier=1.5", "dp.clipNorm=2", "dp.record=token");
        SplitMethod imageMethod = SplitMethods.create(image, COUNTS);
        SplitMethod tokenMethod = SplitMethods.create(token, COUNTS);
        PatchGrid grid = PatchGrid.of(28, 28, 4);
        StepLayout layout = imageMethod.layout(7, 5, 0, new int[] {0, 1, 2, 3}, 16, grid);
        float[] imageNoise = noiseOf(imageMethod, layout, 1, 7, 5, 0);
        float[] tokenNoise = noiseOf(tokenMethod, layout, 1, 7, 5, 0);
        int perImage = grid.patchCount() * 64;
        for (int b = 0; b < 16; b++) {
            int k = layout.selection(1).indices(b).length;
            for (int v = b * perImage; v < (b + 1) * perImage; v++) {
                // the same seeded draws, scaled by σ·C·√k and by σ·C
                assertEquals(imageNoise[v], tokenNoise[v] * (float) Math.sqrt(k), 1e-4f * Math.max(1, Math.abs(imageNoise[v])));
            }
        }
        DpGuarantee g = tokenMethod.guarantee(1, 3);
        assertEquals(org.cutmixsl.model.privacy.DpRecord.TOKEN, g.record());
        assertEquals(imageMethod.guarantee(1, 3).epsilonComposed(), g.epsilonComposed(), "the same σ, the same ε");
        assertTrue(g.summary().contains("for each patch token"), g.summary());
        assertTrue(tokenMethod.privacyNote().contains("protects a single patch, not the image"), tokenMethod.privacyNote());
    }

    @Test
    void noNoiseIsValidAndSaysThereIsNoGuarantee() {
        SplitMethod method = SplitMethods.create(config("dp.noiseMultiplier=0"), COUNTS);
        DpGuarantee g = method.guarantee(1, 3);
        assertEquals(Double.POSITIVE_INFINITY, g.epsilonComposed());
        assertFalse(g.guaranteed());
        assertTrue(g.summary().startsWith("No DP guarantee"), g.summary());
        assertTrue(method.privacyNote().startsWith("no DP guarantee"), method.privacyNote());
    }

    @Test
    void evaluationUsesTheClipTheBodyTrainedOn() {
        assertEquals(new DpClip(ClipUnit.TOKEN, 2f),
                SplitMethods.create(config("dp.clipNorm=2"), COUNTS).evaluationTransform());
        // per image: G = 2 shares each clipped to C make a training sample, so the test image is clipped to C·√2
        assertEquals(new DpClip(ClipUnit.IMAGE, (float) (2 * Math.sqrt(2))),
                SplitMethods.create(config("dp.clipNorm=2", "dp.clipUnit=image"), COUNTS).evaluationTransform());
        assertEquals(SmashedTransform.IDENTITY,
                SplitMethods.create(config("method=cutmixsl"), COUNTS).evaluationTransform());
    }

    @Test
    void evaluationWithNoiseAddsTheTrainingsNoiseLevelAfterTheClip() {
        // 28x28 at patch 4: P = 49, G = 2, so a training image sent about k = 25 tokens
        SmashedTransform image = SplitMethods.create(config("dp.clipNorm=2", "dp.noiseMultiplier=1.5",
                "dp.evaluation=noise"), COUNTS).evaluationTransform();
        assertEquals(new DpEvaluationNoise(new DpClip(ClipUnit.TOKEN, 2f), 1.5 * 2 * Math.sqrt(25), 7), image);
        assertEquals(new DpClip(ClipUnit.TOKEN, 2f), image.deterministic(), "export carries the clip only");
        SmashedTransform token = SplitMethods.create(config("dp.clipNorm=2", "dp.noiseMultiplier=1.5",
                "dp.evaluation=noise", "dp.record=token"), COUNTS).evaluationTransform();
        assertEquals(new DpEvaluationNoise(new DpClip(ClipUnit.TOKEN, 2f), 1.5 * 2, 7), token);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config("dp.evaluation=both")).getMessage()
                .startsWith("dp.evaluation = both: expected clip or noise"));
    }
}
