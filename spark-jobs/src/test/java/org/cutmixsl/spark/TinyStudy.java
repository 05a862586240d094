package org.cutmixsl.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.cutmixsl.spark.study.Study;
import org.cutmixsl.spark.study.StudyConfig;

/**
 * One tiny real study per test JVM, shared by the attack, study and report tests: PSL, CutMixSL (per-client heads)
 * and centralized training on real Fashion-MNIST (4 clients, a server holdout of 500), two seeds, two rounds each,
 * the attack after every run (40 decoder steps, two attacked clients). It is launched three times, as a person
 * would: first with CutMixSL's runs halted after round 1 (a crash), then without (they resume from their
 * checkpoints), then once more (nothing left to do). Each launch's output is kept for the tests.
 */
public final class TinyStudy {

    /** What one launch of the study printed and returned. */
    public record Launch(int failed, String out, String err) {}

    /** The study folder and its three launches. */
    public record Result(Path dir, Path config, Launch interrupted, Launch resumed, Launch again) {}

    private static Result result;

    private TinyStudy() {}

    /** @return the study's dataset: 4 IID clients, a server holdout of 500, data seed 7 (prepared on first use) */
    public static Path dataset() {
        return Paths.get("target", "test-data", "fashion-mnist-n4-iid-h500-d7").toAbsolutePath();
    }

    /** @return the study file's text; {@code haltCutMix} adds the simulated crash to the CutMixSL variant */
    public static String conf(boolean haltCutMix) {
        String dataDir = Paths.get("target", "test-data").toAbsolutePath().toString();
        return """
                study {
                  name = "tiny test study"
                  variants = [
                    { name = psl, method = psl }
                    { name = cutmixsl, method = cutmixsl, set { head.aggregateEvery = 0%s } }
                    { name = centralized, method = centralized }
                  ]
                  clients = [4]
                  shares = [iid]
                  seeds = [1, 2]
                  dataSeed = 7
                  dataDir = "%s"
                }
                data.serverHoldout = 500
                clients.batchSize = 32
                train.rounds = 2
                eval { every = 1, testImages = 500 }
                checkpoint.every = 1
                spark.partitions = 2
                attack { clients = 2, decoder.steps = 40 }
                """.formatted(haltCutMix ? ", testing.haltAfterRound = 1" : "", dataDir);
    }

    /** @return the study, run (three launches) on first use in this JVM */
    public static synchronized Result get() {
        if (result == null) {
            try {
                Files.createDirectories(Paths.get("target"));
                Path dir = Files.createTempDirectory(Paths.get("target").toAbsolutePath(), "tiny-study-");
                Path config = dir.resolve("tiny.conf");
                Files.writeString(config, conf(true));
                Launch interrupted = launch(config, dir.resolve("study"));
                Files.writeString(config, conf(false));
                Launch resumed = launch(config, dir.resolve("study"));
                Launch again = launch(config, dir.resolve("study"));
                result = new Result(dir.resolve("study"), config, interrupted, resumed, again);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return result;
    }

    /** Launches the study in this JVM's session, as bin/cutmixsl study does in its own. */
    public static Launch launch(Path config, Path out) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int failed;
        try (PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
            failed = Study.run(TestSpark.session(), StudyConfig.load(config.toString()), out.toString(), o, e);
        }
        Launch launch = new Launch(failed, stdout.toString(StandardCharsets.UTF_8),
                stderr.toString(StandardCharsets.UTF_8));
        System.out.println("tiny study launch (" + failed + " failed):\n" + launch.out() + launch.err());
        return launch;
    }
}
