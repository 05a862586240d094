package org.cutmixsl.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.spark.TestSpark;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.config.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A missing dataset, and a prepared one that does not fit the model or the client count, fail with a message
 * naming the folder and what is wrong, before any Spark job runs.
 */
class DatasetResolverRejectsMissingAndUnfitData {

    @Test
    void missingDatasetWithoutSourceIsNamed(@TempDir Path dir) throws Exception {
        String missing = dir.resolve("nothing-here").toString();
        DataProblem e = rejected(List.of("data.dir=\"" + missing + "\"", "data.dataset=cifar10", "data.source=\"\""));
        assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("holds no prepared dataset"),
                e.getMessage());
    }

    @Test
    void unreadableSourceIsNamed(@TempDir Path dir) throws Exception {
        String source = dir.resolve("no-such-source").toString();
        DataProblem e = rejected(List.of("data.dir=\"" + dir.resolve("out") + "\"", "data.source=\"" + source + "\""));
        assertTrue(e.getMessage().contains(source) && e.getMessage().contains("is not a readable folder"),
                e.getMessage());
    }

    @Test
    void imagesOfAnotherSizeThanTheModelsAreNamed() throws Exception {
        String fmnist = TestSpark.fashionMnist(4);
        DataProblem e = rejected(List.of("data.dir=\"" + fmnist + "\"", "clients.count=4", "model.preset=cifar-lite"));
        assertTrue(e.getMessage().contains("holds 28x28x1 images, but model.preset = cifar-lite expects 32x32x3"),
                e.getMessage());
    }

    @Test
    void anotherClientCountIsNamed() throws Exception {
        String fmnist = TestSpark.fashionMnist(4);
        DataProblem e = rejected(List.of("data.dir=\"" + fmnist + "\"", "clients.count=10"));
        assertTrue(e.getMessage().contains("is split among 4 clients, but clients.count = 10"), e.getMessage());
    }

    /** Resolves the configuration's dataset, expecting a DataProblem and no Spark job on the way. */
    private static DataProblem rejected(List<String> overrides) throws java.util.concurrent.TimeoutException {
        TrainConfig config = ConfigLoader.load(null, overrides);
        SparkSession spark = TestSpark.session();
        AtomicInteger jobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                jobs.incrementAndGet();
            }
        };
        spark.sparkContext().addSparkListener(counter);
        try {
            DataProblem e = assertThrows(DataProblem.class, () -> DatasetResolver.resolve(spark, config));
            spark.sparkContext().listenerBus().waitUntilEmpty();
            assertEquals(0, jobs.get(), "no Spark job before the data are checked");
            return e;
        } finally {
            spark.sparkContext().removeSparkListener(counter);
        }
    }
}
