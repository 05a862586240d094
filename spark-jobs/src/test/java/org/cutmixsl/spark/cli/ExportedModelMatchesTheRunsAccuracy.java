package org.cutmixsl.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.model.export.ModelDirectory;
import org.cutmixsl.model.export.ModelInfo;
import org.cutmixsl.model.privacy.ClipUnit;
import org.cutmixsl.model.train.DpClip;
import org.cutmixsl.spark.TestSpark;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.job.Training;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run (Spark local mode, Fashion-MNIST, libtorch), exported with the {@code export} command and loaded
 * through DJL's {@code Criteria} by the {@code predict} command, classifies the test split exactly as the run's
 * final evaluation did: the same accuracy, to the last bit. With per-client heads (PSL) each client's head is
 * exported with {@code --client K}, and the mean of their accuracies is the run's. Wrong choices of head, and runs
 * that cannot be exported, are refused with messages that say what to do.
 */
class ExportedModelMatchesTheRunsAccuracy {

    private static final int CLIENTS = 4;
    private static final Path T10K_IMAGES = TestSpark.FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz");
    private static final Path T10K_LABELS = TestSpark.FASHION_MNIST.resolve("t10k-labels-idx1-ubyte.gz");

    @TempDir
    static Path tmp;

    private static Path cutmix;
    private static Path psl;
    private static Path dp;

    @BeforeAll
    static void train() {
        cutmix = tmp.resolve("cutmixsl");
        psl = tmp.resolve("psl");
        train(cutmix, "method=cutmixsl");
        train(psl, "method=psl");
        dp = tmp.resolve("dp-cutmixsl");
        train(dp, "method=dp-cutmixsl");
    }

    private static void train(Path out, String method) {
        List<String> settings = new ArrayList<>(List.of(
                "data.dir=" + TestSpark.fashionMnist(CLIENTS),
                "clients.count=" + CLIENTS,
                "clients.batchSize=32",
                "train.rounds=2",
                "eval.every=2",
                "eval.batchSize=256",
                "checkpoint.every=1",
                "spark.partitions=2",
                method));
        PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Training.run(TestSpark.session(), ConfigLoader.load(null, settings), out.toString(), false, false, console);
    }

    /** The run's final accuracy, as summary.json holds it. */
    private static double summaryAccuracy(Path run) throws Exception {
        return new ObjectMapper().readTree(run.resolve("summary.json").toFile()).get("test_accuracy").asDouble();
    }

    /** Exports through the command; returns its exit code, standard output and standard error. */
    private static String[] export(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Subcommand.execute(new ExportCommand(), args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    /** Test accuracy through {@code predict}: evaluation's batch size (eval.batchSize) and threads (client.threads). */
    private static double predictedAccuracy(Path model) {
        return PredictCommand.predict(model, T10K_IMAGES, T10K_LABELS, 256, 1, Device.cpu()).accuracy();
    }

    @Test
    void exportedGlobalModelHasTheRunsTestAccuracy() throws Exception {
        Path model = tmp.resolve("model-cutmixsl");
        String[] r = export("--run", cutmix.toString(), "--out", model.toString());
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].strip().split("\n");
        assertEquals(model.toAbsolutePath().normalize().toString(), lines[lines.length - 1]);

        ModelInfo info = ModelDirectory.readInfo(model);
        assertEquals(ModelInfo.GLOBAL_HEAD, info.head());
        assertEquals("cutmixsl", info.method());
        assertEquals(2, info.round());
        assertEquals(7, info.seed());
        assertEquals(new ObjectMapper().readTree(cutmix.resolve("summary.json").toFile()).get("config_hash").asText(),
                info.configHash());
        assertEquals("T-shirt/top", info.classNames().get(0));

        // The predict command, with evaluation's batch size (eval.batchSize) and threads (client.threads).
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Subcommand.execute(new PredictCommand(), new String[] {"--model", model.toString(), "--images", T10K_IMAGES.toString(),
                "--labels", T10K_LABELS.toString(), "--batch", "256", "--threads", "1"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String[] labels = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(10_000, labels.length);
        for (String label : labels) {
            assertTrue(label.matches("[0-9]"), label);
        }
        Matcher m = Pattern.compile("accuracy=(\\S+) \\((\\d+)/10000\\)").matcher(err.toString(StandardCharsets.UTF_8));
        assertTrue(m.find(), err.toString(StandardCharsets.UTF_8));
        double expected = summaryAccuracy(cutmix);
        assertTrue(expected > 0.1, "the run should have learnt something: " + expected);
        assertEquals(expected, Double.parseDouble(m.group(1)), 0.0, "exported model against the run's final evaluation");
    }

    @Test
    void dpRunExportsItsClipAndHasTheRunsTestAccuracy() throws Exception {
        Path model = tmp.resolve("model-dp");
        String[] r = export("--run", dp.toString(), "--out", model.toString());
        assertEquals("0", r[0], r[2]);
        ModelInfo info = ModelDirectory.readInfo(model);
        // The body trained behind per-token clipping to C = dp.clipNorm; the exported model applies it as evaluation did.
        assertEquals(new DpClip(ClipUnit.TOKEN, 1.0f), info.clip());
        double expected = summaryAccuracy(dp);
        assertTrue(expected > 0.1, "the run should have learnt something: " + expected);
        assertEquals(expected, predictedAccuracy(model), 0.0, "exported DP model against the run's final evaluation");
    }

    @Test
    void perClientHeadsExportOneClientEachAndAverageToTheRunsAccuracy() throws Exception {
        double mean = 0;
        for (int k = 0; k < CLIENTS; k++) {
            Path model = tmp.resolve("model-psl-" + k);
            String[] r = export("--run", psl.toString(), "--out", model.toString(), "--client", Integer.toString(k));
            assertEquals("0", r[0], r[2]);
            assertEquals(ModelInfo.clientHead(k), ModelDirectory.readInfo(model).head());
            mean += predictedAccuracy(model);
        }
        // The run reports the mean over the evaluated clients' heads (eval.maxClients = 10 ≥ 4: all of them),
        // summed in client order as the round loop sums them.
        mean /= CLIENTS;
        assertEquals(summaryAccuracy(psl), mean, 0.0);
    }

    @Test
    void perClientHeadsNeedAClient() {
        String[] r = export("--run", psl.toString(), "--out", tmp.resolve("no-client").toString());
        assertEquals("2", r[0]);
        assertEquals("error: method psl leaves every client its own head: choose one with --client K (0..3)\n", r[2]);
        assertTrue(Files.notExists(tmp.resolve("no-client")));
    }

    @Test
    void aClientOutOfRangeIsRefused() {
        String[] r = export("--run", psl.toString(), "--out", tmp.resolve("client-9").toString(), "--client", "9");
        assertEquals("2", r[0]);
        assertEquals("error: --client 9: the run has clients 0..3\n", r[2]);
        r = export("--run", psl.toString(), "--out", tmp.resolve("client-minus").toString(), "--client", "x");
        assertEquals("2", r[0]);
        assertEquals("error: --client x: expected a client id (an integer ≥ 0)\n", r[2]);
    }

    @Test
    void aSharedHeadRefusesAClient() {
        String[] r = export("--run", cutmix.toString(), "--out", tmp.resolve("shared").toString(), "--client", "1");
        assertEquals("2", r[0]);
        assertEquals("error: --client 1: method cutmixsl ends with one head that every client shares; export it"
                + " without --client\n", r[2]);
    }

    @Test
    void aFolderThatIsNoRunIsRefused() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("not-a-run"));
        String[] r = export("--run", empty.toString(), "--out", tmp.resolve("m").toString());
        assertEquals("2", r[0]);
        assertEquals("error: --run " + empty + " holds no run (config.conf is missing)\n", r[2]);
    }

    @Test
    void aRunWithoutCheckpointIsRefused() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("no-checkpoint"));
        Files.copy(cutmix.resolve("config.conf"), run.resolve("config.conf"));
        String[] r = export("--run", run.toString(), "--out", tmp.resolve("m2").toString());
        assertEquals("2", r[0]);
        assertEquals("error: --run " + run + " has no complete checkpoint yet: nothing to export\n", r[2]);
    }

    @Test
    void anEarlierExportIsKeptWithoutOverwrite() {
        Path model = tmp.resolve("model-twice");
        assertEquals("0", export("--run", cutmix.toString(), "--out", model.toString())[0]);
        String[] r = export("--run", cutmix.toString(), "--out", model.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("error: ") && r[2].contains("already exists and is not empty"), r[2]);
        assertEquals("0", export("--run", cutmix.toString(), "--out", model.toString(), "--overwrite")[0]);
    }

    @Test
    void missingArgumentsAreNamed() {
        String[] r = export("--out", tmp.resolve("m3").toString());
        assertEquals("2", r[0]);
        assertEquals("error: --run RUN_DIR is required; " + ExportCommand.USAGE + "\n", r[2]);
    }
}
