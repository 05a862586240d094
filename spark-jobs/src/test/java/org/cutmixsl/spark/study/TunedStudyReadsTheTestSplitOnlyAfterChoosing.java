package org.cutmixsl.spark.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cutmixsl.common.io.FileTrees;
import org.cutmixsl.spark.TestSpark;
import org.cutmixsl.spark.job.DatasetResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tuned study on real Fashion-MNIST (two grid points, two seeds, two rounds): its whole grid and its choice run
 * with the dataset's test split deleted, which would fail any run that opened it; the choice is the grid point with
 * the best validation accuracy. Only with the test split back does the study compute the chosen run's test
 * accuracy and run the second seed at the chosen point.
 */
class TunedStudyReadsTheTestSplitOnlyAfterChoosing {

    @TempDir
    Path tmp;

    @Test
    void theGridAndTheChoiceNeverReadTheTestSplit() throws IOException {
        Path config = tmp.resolve("tuned.conf");
        Files.writeString(config, """
                study {
                  name = "tuned"
                  variants = [ { name = sfl, method = sfl } ]
                  clients = [4]
                  shares = [iid]
                  seeds = [1, 2]
                  dataSeed = 7
                  dataDir = "%s"
                  attack = false
                  tune { enabled = true, lr = [0.0005, 0.004], warmupSteps = [1] }
                }
                data.validation = 400
                clients.batchSize = 32
                train.rounds = 2
                eval { every = 1, testImages = 300 }
                checkpoint.every = 1
                spark.partitions = 2
                """.formatted(tmp.resolve("data")));
        StudyConfig study = StudyConfig.load(config.toString());
        assertTrue(study.tune);
        String root = tmp.resolve("data").toString();
        StudyConfig.Cell cell = study.cells().get(0);
        DatasetResolver.resolve(TestSpark.session(), study.dataConfig(cell, root));
        Path data = Path.of(study.dataConfig(cell, root).data.dir);
        Path test = data.resolve("test");
        Path aside = tmp.resolve("test-aside");
        FileTrees.copyRecursively(test, aside);
        FileTrees.deleteRecursively(test);

        Path out = tmp.resolve("study");
        String[] first = launch(study, out);
        // The grid finished without a test split, and the choice was made; what needs the test split failed.
        assertTrue(first[0].contains("sfl-n4-iid-s1-lr0.0005-wu1: test not evaluated"), first[0]);
        assertTrue(first[0].contains("sfl-n4-iid-s1-lr0.004-wu1: test not evaluated"), first[0]);
        List<String> tuning = Files.readAllLines(out.resolve(Tuning.CSV));
        assertEquals(3, tuning.size(), String.join("\n", tuning));
        ObjectMapper json = new ObjectMapper();
        double[] validation = new double[2];
        String chosen = null;
        for (int i = 0; i < 2; i++) {
            String[] cells = tuning.get(i + 1).split(",");
            validation[i] = Double.parseDouble(cells[6]);
            JsonNode summary = json.readTree(out.resolve("runs").resolve(cells[8]).resolve("summary.json").toFile());
            assertEquals(validation[i], summary.path("validation_accuracy").asDouble(), 1e-4);
            assertTrue(summary.path("test_accuracy").isNull(), "a grid run read the test split: " + summary);
            if (Boolean.parseBoolean(cells[7])) {
                chosen = cells[8];
            }
        }
        String best = validation[1] > validation[0] ? "sfl-n4-iid-s1-lr0.004-wu1" : "sfl-n4-iid-s1-lr0.0005-wu1";
        assertEquals(best, chosen, "the choice is the best validation accuracy: " + tuning);
        assertTrue(first[1].contains("test evaluation failed") || first[1].contains(chosen), first[1]);

        // With the test split back, the chosen run gets its test accuracy and the second seed runs at its point.
        FileTrees.copyRecursively(aside, test);
        String[] second = launch(study, out);
        assertTrue(second[0].contains(chosen + ": chosen on validation; test accuracy"), second[0]);
        String point = chosen.substring(chosen.indexOf("-lr"));
        assertTrue(second[0].contains("sfl-n4-iid-s2" + point + ": acc"), second[0]);
        JsonNode summary = json.readTree(out.resolve("runs").resolve(chosen).resolve("summary.json").toFile());
        assertTrue(summary.path("test_accuracy").isNumber(), summary.toString());
        assertEquals(Tuning.CRITERION, summary.path("tuning").path("chosen_on").asText());
        assertEquals(2, summary.path("tuning").path("grid").size());
        List<String> comparison = Files.readAllLines(out.resolve(Comparison.CSV));
        assertTrue(comparison.get(0).startsWith("method,seeds,test_accuracy_mean,test_accuracy_sd,"
                + "test_accuracy_ci95_low,test_accuracy_ci95_high,"), comparison.get(0));
        assertTrue(comparison.get(1).startsWith("sfl,2,"), comparison.get(1));
        assertFalse(Files.readString(out.resolve(ResultsTable.CSV)).contains("lr0.0005-wu1")
                && best.contains("lr0.004"), "only the chosen point's runs are reported");
    }

    private static String[] launch(StudyConfig study, Path out) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
            Study.run(TestSpark.session(), study, out.toString(), o, e);
        }
        String[] texts = {stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8)};
        System.out.println("tuned study launch:\n" + texts[0] + texts[1]);
        return texts;
    }
}
