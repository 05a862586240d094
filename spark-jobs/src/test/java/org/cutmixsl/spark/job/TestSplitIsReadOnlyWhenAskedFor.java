package org.cutmixsl.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cutmixsl.common.io.FileTrees;
import org.cutmixsl.data.dataset.Manifest;
import org.cutmixsl.spark.TestSpark;
import org.cutmixsl.spark.round.RoundMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tuning without the test set, on real runs (Fashion-MNIST with a validation split, 4 clients, 2 rounds): the job
 * evaluates on the validation split at every evaluation round; with eval.test = false it trains on a copy of the
 * dataset whose test split has been removed, so any read of it would fail the run; TestEvaluation afterwards gives
 * exactly what the same run reports when it evaluates the test split itself.
 */
class TestSplitIsReadOnlyWhenAskedFor {

    private static final int VALIDATION = 500;

    @TempDir
    static Path tmp;

    private static Path withTest;
    private static Path withoutTest;
    private static Training.Result evaluated;
    private static Training.Result tuned;
    /** The tuned run's summary.json as the run wrote it (TestEvaluation rewrites it later). */
    private static JsonNode tunedSummary;

    @BeforeAll
    static void runs() throws IOException {
        Path prepared = Path.of(TestSpark.fashionMnist(TrainingRuns.CLIENTS, VALIDATION));
        withoutTest = tmp.resolve("dataset-without-test");
        FileTrees.copyRecursively(prepared, withoutTest);
        FileTrees.deleteRecursively(withoutTest.resolve(Manifest.TEST_DIR));
        List<String> common = List.of("data.validation=" + VALIDATION, "eval.every=1", "method=cutmixsl");
        withTest = tmp.resolve("with-test");
        evaluated = TrainingRuns.train(config(prepared, common, "eval.test=true"), withTest, false);
        tuned = TrainingRuns.train(config(withoutTest, common, "eval.test=false"), tmp.resolve("without-test"), false);
        tunedSummary = summary(tmp.resolve("without-test"));
    }

    private static org.cutmixsl.spark.config.TrainConfig config(Path data, List<String> common, String evalTest) {
        List<String> all = new java.util.ArrayList<>(common);
        all.add("data.dir=" + data);
        all.add(evalTest);
        return TrainingRuns.config(all.toArray(new String[0]));
    }

    private static JsonNode summary(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    }

    @Test
    void aRunWithEvalTestOffNeverNeedsTheTestSplit() throws IOException {
        Path run = tmp.resolve("without-test");
        // It trained (in runs()) while the dataset had no test/ folder at all.
        assertTrue(Files.exists(run.resolve("_SUCCESS")));
        JsonNode s = tunedSummary;
        assertTrue(s.get("test_accuracy").isNull(), s.toString());
        assertTrue(s.get("test_accuracy_std").isNull(), s.toString());
        assertTrue(s.get("test_images").isNull(), s.toString());
        for (RoundMetrics m : tuned.metrics()) {
            assertTrue(Double.isNaN(m.testAccuracy()), "round " + m.round() + " has a test accuracy");
        }
    }

    @Test
    void theValidationSplitIsEvaluatedAtEveryEvaluationRound() throws IOException {
        for (Training.Result r : List.of(evaluated, tuned)) {
            assertEquals(2, r.metrics().size());
            for (RoundMetrics m : r.metrics()) {
                double correct = m.validationAccuracy() * VALIDATION;
                assertEquals(Math.rint(correct), correct, 1e-6, "a fraction of the validation images: " + m.toCsv());
                assertEquals(0.0, m.validationAccuracyStd(), "one global head");
                RoundMetrics read = RoundMetrics.fromCsv(m.toCsv());
                assertEquals(m.toCsv(), read.toCsv(), "metrics rows round-trip");
                assertEquals(m.validationAccuracy(), read.validationAccuracy());
                assertEquals(m.testAccuracy(), read.testAccuracy(), 0.0);
            }
        }
        // Evaluating the test split or not changes nothing the run computes.
        assertEquals(evaluated.metrics().get(1).validationAccuracy(), tuned.metrics().get(1).validationAccuracy());
        JsonNode s = summary(withTest);
        assertEquals(VALIDATION, s.get("validation_images").asLong());
        assertEquals(evaluated.metrics().get(1).validationAccuracy(), s.get("validation_accuracy").asDouble());
        assertEquals(0.0, s.get("validation_accuracy_std").asDouble());
        String header = Files.readAllLines(withTest.resolve("metrics.csv")).get(0);
        assertEquals(RoundMetrics.HEADER, header);
        assertTrue(header.contains(",validation_accuracy,validation_accuracy_std,"), header);
    }

    @Test
    void testEvaluationOfAFinishedRunEqualsTheRunsOwnLastRoundEvaluation() throws IOException {
        FileTrees.copyRecursively(Path.of(TestSpark.fashionMnist(TrainingRuns.CLIENTS, VALIDATION)).resolve(Manifest.TEST_DIR),
                withoutTest.resolve(Manifest.TEST_DIR));
        Path run = tmp.resolve("without-test");
        RoundMetrics last = evaluated.metrics().get(1);
        JsonNode reported = summary(withTest);

        TestEvaluation.Result after = TestEvaluation.run(TestSpark.session(), run.toString());

        assertEquals(last.testAccuracy(), after.accuracy(), 0.0);
        assertEquals(last.testAccuracyStd(), after.std(), 0.0);
        assertEquals(reported.get("test_images").asLong(), after.images());
        JsonNode s = summary(run);
        assertEquals(last.testAccuracy(), s.get("test_accuracy").asDouble(), 0.0);
        assertEquals(last.testAccuracyStd(), s.get("test_accuracy_std").asDouble(), 0.0);
        assertEquals(after.images(), s.get("test_images").asLong());
        assertEquals(tuned.metrics().get(1).validationAccuracy(), s.get("validation_accuracy").asDouble(),
                "the other keys are kept");
        assertEquals("cutmixsl", s.get("method").asText());
        assertTrue(s.has("bytes") && s.has("config_hash"), s.toString());

        assertEquals(after, TestEvaluation.run(TestSpark.session(), run.toString()), "a second call differs");
        assertEquals(s, summary(run));
        TestEvaluation.Result own = TestEvaluation.run(TestSpark.session(), withTest.toString());
        assertEquals(reported.get("test_accuracy").asDouble(), own.accuracy(), 0.0);
    }

    @Test
    void aDatasetWithAnotherValidationSplitIsRefusedNamingBothCounts() {
        String dir = TestSpark.fashionMnist(TrainingRuns.CLIENTS, VALIDATION);
        DataProblem e = assertThrows(DataProblem.class, () -> DatasetResolver.resolve(TestSpark.session(),
                TrainingRuns.config("data.dir=" + dir, "data.validation=" + (VALIDATION + 1))));
        assertTrue(e.getMessage().contains("validation split of " + VALIDATION + " images")
                && e.getMessage().contains("data.validation = " + (VALIDATION + 1)), e.getMessage());
    }

    @Test
    void aRunThatEvaluatesOnTheTestSplitStillRequiresIt() throws IOException {
        Path prepared = Path.of(TestSpark.fashionMnist(TrainingRuns.CLIENTS, VALIDATION));
        Path incomplete = tmp.resolve("another-dataset-without-test");
        FileTrees.copyRecursively(prepared, incomplete);
        FileTrees.deleteRecursively(incomplete.resolve(Manifest.TEST_DIR));
        DataProblem e = assertThrows(DataProblem.class, () -> DatasetResolver.resolve(TestSpark.session(),
                TrainingRuns.config("data.dir=" + incomplete, "data.validation=" + VALIDATION, "eval.test=true")));
        assertTrue(e.getMessage().contains(Manifest.TEST_DIR + "/ is missing"), e.getMessage());
        DatasetResolver.resolve(TestSpark.session(),
                TrainingRuns.config("data.dir=" + incomplete, "data.validation=" + VALIDATION, "eval.test=false"));
    }
}
