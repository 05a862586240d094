package org.cutmixsl.spark.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.cutmixsl.spark.TinyStudy;
import org.cutmixsl.spark.round.MetricsCodec;
import org.cutmixsl.spark.run.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study kept in git keeps no checkpoints, so a chosen run read back from a clone has no final model for its test
 * accuracy. The study trains it again from its configuration, checks round by round that this gave the run it
 * recorded, and only then evaluates it on the test split: the test accuracy equals the one the original model got.
 * When the retrained run differs from the record (here: the record is altered), no test accuracy is written and the
 * run counts as failed.
 */
class TunedStudyRetrainsAChosenRunWhoseFinalModelIsGone {

    private static final String RUN = "psl-n4-iid-s1-lr0.002-wu1";

    @TempDir
    Path tmp;

    @Test
    void theRetrainedModelGivesTheOriginalsTestAccuracyOnlyWhenItMatchesTheRecord() throws IOException {
        Path config = tmp.resolve("tuned.conf");
        Files.writeString(config, """
                study {
                  name = "one cell"
                  variants = [ { name = psl, method = psl } ]
                  clients = [4]
                  shares = [iid]
                  seeds = [1]
                  dataSeed = 7
                  dataDir = "%s"
                  attack = false
                  tune { enabled = true, lr = [0.002], warmupSteps = [1] }
                }
                data.validation = 400
                clients.batchSize = 16
                train.rounds = 2
                eval { every = 1, testImages = 200 }
                checkpoint.every = 1
                spark.partitions = 2
                """.formatted(tmp.resolve("data")));
        Path study = tmp.resolve("study");
        TinyStudy.Launch first = TinyStudy.launch(config, study);
        assertEquals(0, first.failed(), first.err());
        Path run = study.resolve("runs").resolve(RUN);
        double original = summary(run).path("test_accuracy").asDouble(Double.NaN);
        assertFalse(Double.isNaN(original), first.out());

        // As a clone of the study has it: no checkpoints, no test accuracy yet.
        asCloned(run);
        TinyStudy.Launch again = TinyStudy.launch(config, study);
        assertEquals(0, again.failed(), again.err());
        assertTrue(again.out().contains(RUN + ": chosen on validation, but its final model is not kept: training it"
                + " again"), again.out());
        assertTrue(again.out().contains("of its retrained model"), again.out());
        assertEquals(original, summary(run).path("test_accuracy").asDouble(), "the same model, the same accuracy");
        assertFalse(Files.exists(study.resolve(Study.RETRAINED).resolve(RUN)), "the retrained run is deleted");
        assertFalse(Files.exists(run.resolve(Checkpoint.FOLDER)), "the run's own folder gains no checkpoint");

        // A record the retrained run does not match: a validation accuracy altered in the run's metrics.csv.
        asCloned(run);
        Path csv = run.resolve(MetricsCodec.CSV);
        List<String> lines = Files.readAllLines(csv);
        int column = List.of(lines.get(0).split(",")).indexOf("validation_accuracy");
        String[] row = lines.get(1).split(",", -1);
        row[column] = Double.toString(Double.parseDouble(row[column]) + 0.01);
        lines.set(1, String.join(",", row));
        Files.write(csv, lines);
        TinyStudy.Launch altered = TinyStudy.launch(config, study);
        assertEquals(1, altered.failed(), altered.out());
        assertTrue(altered.err().contains("training " + RUN + " again did not give the run it recorded (round 1:"),
                altered.err());
        assertTrue(summary(run).path("test_accuracy").isMissingNode(), "no test accuracy from a different model");
        // ... and the message names both machines' CPUs, the likeliest cause of a real mismatch
        String cpu = new ObjectMapper().readTree(run.resolve("provenance.json").toFile()).path("cpu").asText();
        assertTrue(cpu.contains(System.getProperty("os.arch")) && cpu.contains("processors"), cpu);
        assertTrue(altered.err().contains("recorded on " + cpu + ", trained again on " + cpu), altered.err());
    }

    private static void asCloned(Path run) throws IOException {
        if (Files.exists(run.resolve(Checkpoint.FOLDER))) {
            try (Stream<Path> files = Files.walk(run.resolve(Checkpoint.FOLDER))) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        ObjectNode summary = (ObjectNode) summary(run);
        summary.remove(List.of("test_accuracy", "test_accuracy_std", "test_images"));
        Files.writeString(run.resolve("summary.json"), summary.toPrettyString() + "\n");
    }

    private static JsonNode summary(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    }
}
