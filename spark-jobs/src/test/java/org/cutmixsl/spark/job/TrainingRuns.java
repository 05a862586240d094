package org.cutmixsl.spark.job;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cutmixsl.spark.TestSpark;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.round.RoundMetrics;

/** Small real training runs for the tests: real Fashion-MNIST, real Spark local mode, real libtorch. */
final class TrainingRuns {

    static final int CLIENTS = 4;

    private TrainingRuns() {}

    static TrainConfig config(String... overrides) {
        List<String> all = new ArrayList<>(List.of(
                "data.dir=" + TestSpark.fashionMnist(CLIENTS),
                "clients.count=" + CLIENTS,
                "clients.batchSize=32",
                "train.rounds=2",
                "eval.every=2",
                "eval.batchSize=250",
                "eval.testImages=2000",
                "checkpoint.every=1",
                "spark.partitions=2"));
        all.addAll(List.of(overrides));
        return ConfigLoader.load(null, all);
    }

    static Training.Result train(TrainConfig config, Path out, boolean resume) {
        PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return Training.run(TestSpark.session(), config, out.toString(), resume, false, console);
    }

    /** @return a row without its wall-time columns, for comparing runs: the leading columns and who dropped */
    static String deterministicPart(RoundMetrics m) {
        String[] columns = m.toCsv().split(",", -1);
        return String.join(",", List.of(columns).subList(0, RoundMetrics.DETERMINISTIC_COLUMNS)) + ",dropped="
                + m.dropped();
    }

    static List<String> deterministicParts(List<RoundMetrics> metrics) {
        List<String> out = new ArrayList<>();
        for (RoundMetrics m : metrics) {
            out.add(deterministicPart(m));
        }
        return out;
    }
}
