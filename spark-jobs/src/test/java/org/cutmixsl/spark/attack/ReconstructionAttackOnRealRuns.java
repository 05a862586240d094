package org.cutmixsl.spark.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.cutmixsl.common.io.FileTrees;
import org.cutmixsl.spark.TestSpark;
import org.cutmixsl.spark.TinyStudy;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.job.Training;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconstruction attack on real runs (the tiny study's PSL, CutMixSL and centralized runs, attacked by the
 * study with 40 decoder steps): it writes its rows, summary and PNG grids; CutMixSL's reconstructions are worse
 * than PSL's at the same setup; it is deterministic; it says clearly what is missing when it cannot run.
 */
class ReconstructionAttackOnRealRuns {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path scratch;

    private static Path run(String id) {
        return TinyStudy.get().dir().resolve("runs").resolve(id);
    }

    private static String attack(Path runDir, String... overrides) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReconstructionAttack.run(TestSpark.session(), runDir.toString(), List.of(overrides),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesARowSummaryAndGridPerAttackedHead() throws IOException {
        Path psl = run("psl-n4-iid-s1");
        List<String> rows = Files.readAllLines(psl.resolve(ReconstructionAttack.RESULTS_CSV));
        assertEquals(ReconstructionAttack.Result.HEADER, rows.get(0));
        // PSL keeps a head per client: two attacked clients, two decoders, one row each, 32 images each.
        assertEquals(3, rows.size(), String.join("\n", rows));
        JsonNode summary = JSON.readTree(psl.resolve(ReconstructionAttack.SUMMARY_JSON).toFile());
        assertTrue(summary.path("attacked").asBoolean());
        assertEquals(2, summary.path("round").asInt());
        assertEquals(64, summary.path("n_images").asInt());
        assertTrue(summary.path("threat_model").asText().startsWith("An honest-but-curious server"));
        for (JsonNode r : summary.path("results")) {
            assertTrue(r.path("head").asText().matches("client-\\d"), r.toString());
            assertTrue(Double.isFinite(r.path("psnr").asDouble()) && r.path("psnr").asDouble() > 5, r.toString());
            BufferedImage grid = ImageIO.read(psl.resolve("attack").resolve(r.path("grid").asText()).toFile());
            // 16 images of 28x28 at scale 3 with 2-pixel separators: originals above reconstructions.
            assertEquals(16 * (28 * 3 + 2) + 2, grid.getWidth());
            assertEquals(2 * 28 * 3 + 3 * 2, grid.getHeight());
        }
    }

    @Test
    void cutMixReconstructionsAreWorseThanParallelSplitLearnings() throws IOException {
        for (int seed = 1; seed <= 2; seed++) {
            JsonNode psl = JSON.readTree(run("psl-n4-iid-s" + seed).resolve(ReconstructionAttack.SUMMARY_JSON).toFile());
            JsonNode cut = JSON.readTree(run("cutmixsl-n4-iid-s" + seed).resolve(ReconstructionAttack.SUMMARY_JSON)
                    .toFile());
            double pslPsnr = psl.path("psnr").asDouble();
            double cutPsnr = cut.path("psnr").asDouble();
            System.out.printf("seed %d: PSL PSNR %.2f dB SSIM %.3f, CutMixSL PSNR %.2f dB SSIM %.3f%n", seed, pslPsnr,
                    psl.path("ssim").asDouble(), cutPsnr, cut.path("ssim").asDouble());
            // Measured at this size: about 19 dB against 13 dB. CutMixSL's server never sees about half of each
            // image's patches; asked: 3 dB worse and a lower SSIM.
            assertTrue(cutPsnr < pslPsnr - 3, "CutMixSL " + cutPsnr + " dB, PSL " + pslPsnr + " dB");
            assertTrue(cut.path("ssim").asDouble() < psl.path("ssim").asDouble());
        }
    }

    @Test
    void theSameRunAndSettingsGiveTheSameNumbersAndReplaceTheirRows() throws IOException {
        Path copy = copyRun(run("cutmixsl-n4-iid-s2"), "again");
        List<String> before = Files.readAllLines(copy.resolve(ReconstructionAttack.RESULTS_CSV));
        attack(copy, "attack.decoder.steps=40");
        List<String> after = Files.readAllLines(copy.resolve(ReconstructionAttack.RESULTS_CSV));
        assertEquals(before.size(), after.size(), "rows of the same settings are replaced, not appended");
        for (int i = 1; i < before.size(); i++) {
            assertEquals(withoutSeconds(before.get(i)), withoutSeconds(after.get(i)));
        }
        String out = attack(copy, "attack.decoder.steps=5");
        assertTrue(out.contains("decoder 5 steps"), out);
        assertEquals(before.size() + 2, Files.readAllLines(copy.resolve(ReconstructionAttack.RESULTS_CSV)).size(),
                "other settings are added");
    }

    @Test
    void centralizedTrainingSendsNothingToAttack() throws IOException {
        JsonNode summary = JSON.readTree(run("centralized-n4-iid-s1").resolve(ReconstructionAttack.SUMMARY_JSON)
                .toFile());
        assertFalse(summary.path("attacked").asBoolean());
        assertEquals("nothing received", summary.path("result").asText());
        assertTrue(summary.path("reason").asText().contains("sends no smashed data"));
        assertFalse(Files.exists(run("centralized-n4-iid-s1").resolve("attack/heads")), "nothing to keep");
    }

    @Test
    void aRunWithoutHoldoutFailsNamingTheSetting() throws IOException {
        Path copy = copyRun(run("psl-n4-iid-s1"), "no-holdout");
        ObjectNode summary = (ObjectNode) JSON.readTree(copy.resolve("summary.json").toFile());
        summary.put("dataset", TestSpark.fashionMnist(4)); // the same clients, prepared without a holdout
        Files.writeString(copy.resolve("summary.json"), summary.toPrettyString());
        Files.deleteIfExists(copy.resolve(".summary.json.crc")); // Hadoop's checksum of the old content
        AttackProblem e = assertThrows(AttackProblem.class, () -> attack(copy));
        assertTrue(e.getMessage().contains("has no server holdout"), e.getMessage());
        assertTrue(e.getMessage().contains("prepare with data.serverHoldout > 0"), e.getMessage());
    }

    @Test
    void anUnfinishedRunOrOneWithoutHeadsFailsNamingWhatIsMissing() throws IOException {
        Path unfinished = copyRun(run("psl-n4-iid-s1"), "unfinished");
        Files.delete(unfinished.resolve("_SUCCESS"));
        AttackProblem e = assertThrows(AttackProblem.class, () -> attack(unfinished));
        assertTrue(e.getMessage().contains("is not a finished run (no _SUCCESS)"), e.getMessage());

        Path headless = copyRun(run("psl-n4-iid-s1"), "headless");
        FileTrees.deleteRecursively(headless.resolve("attack/heads"));
        e = assertThrows(AttackProblem.class, () -> attack(headless));
        assertTrue(e.getMessage().contains("has no attack/heads/round-NNNNNN"), e.getMessage());

        assertTrue(assertThrows(AttackProblem.class, () -> attack(scratch.resolve("nothing-here"))).getMessage()
                .contains("is not a run directory (no config.conf)"));
    }

    @Test
    void settingsOtherThanTheAttacksAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> attack(run("psl-n4-iid-s1"), "seed=3"));
        assertTrue(e.getMessage().contains("the attack takes attack.* settings only"), e.getMessage());
    }

    @Test
    void aFedAvgHeadIsOneGlobalHeadWithOneDecoder() throws IOException {
        Path sfl = scratch.resolve("sfl");
        List<String> settings = new ArrayList<>(List.of("method=sfl", "clients.count=4", "clients.batchSize=32",
                "train.rounds=1", "eval.testImages=200", "spark.partitions=2", "attack.clients=2",
                "attack.decoder.steps=5", "data.serverHoldout=500", "seed=7", "data.dir=" + TinyStudy.dataset()));
        TinyStudy.get(); // prepares the dataset
        Training.run(TestSpark.session(), ConfigLoader.load(null, settings), sfl.toString(), false, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        attack(sfl);
        JsonNode summary = JSON.readTree(sfl.resolve(ReconstructionAttack.SUMMARY_JSON).toFile());
        assertEquals(1, summary.path("results").size(), summary.toString());
        assertEquals("global", summary.path("results").path(0).path("head").asText());
        assertEquals(64, summary.path("n_images").asInt(), "both attacked clients' images, one decoder");
    }

    private static String withoutSeconds(String row) {
        return row.substring(0, row.lastIndexOf(','));
    }

    private Path copyRun(Path from, String name) throws IOException {
        Path to = scratch.resolve(name);
        FileTrees.copyRecursively(from, to);
        return to;
    }
}
