package org.cutmixsl.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.model.train.BareLoop;
import org.cutmixsl.spark.TestSpark;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.data.ClientDataSet;
import org.cutmixsl.spark.round.RoundMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job distributes exactly the computation of the single-JVM bare loop: with the same data, seed,
 * settings and thread counts, CutMixSL's training loss is the same float in every round, whether the clients
 * are Spark tasks whose records cross Kryo or plain method calls.
 */
class SparkJobComputesWhatTheBareLoopComputes {

    @Test
    void sameLossEveryRound(@TempDir Path out) {
        TrainConfig config = TrainingRuns.config("method=cutmixsl", "train.rounds=3", "eval.every=3");
        List<RoundMetrics> spark = TrainingRuns.train(config, out.resolve("run"), false).metrics();

        PreparedDataset dataset = PreparedDataset.open(config.data.dir);
        BareLoop.Settings settings = new BareLoop.Settings(config.model, config.plan, config.encoding, config.batchSize,
                config.serverOptim.withSchedule(config.serverOptim.warmupSteps(), config.rounds),
                config.clientOptim.withSchedule(config.clientOptim.warmupSteps(), config.rounds), config.seed,
                config.serverThreads, config.clientThreads, config.serverMicroBatch, Device.cpu());
        try (BareLoop bare = new BareLoop(settings, ClientDataSet.inMemory(TestSpark.session(), dataset,
                config.clientCount))) {
            for (int r = 0; r < config.rounds; r++) {
                assertEquals(spark.get(r).trainLoss(), bare.round(r), 0.0, "round " + (r + 1));
            }
        }
    }
}
