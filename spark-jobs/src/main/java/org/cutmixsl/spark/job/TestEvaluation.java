package org.cutmixsl.spark.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.data.ClientDataSet;
import org.cutmixsl.spark.data.TrainingSubset;
import org.cutmixsl.spark.device.AssignedGpus;
import org.cutmixsl.spark.eval.Evaluator;
import org.cutmixsl.spark.heads.HeadStore;
import org.cutmixsl.spark.method.SplitMethod;
import org.cutmixsl.spark.method.SplitMethods;
import org.cutmixsl.spark.records.ClientShard;
import org.cutmixsl.spark.records.TaskGpus;
import org.cutmixsl.spark.round.RoundLoop;
import org.cutmixsl.spark.run.Checkpoint;
import org.cutmixsl.spark.run.RunDirectory;

/**
 * The test split's verdict on a finished run, given after the fact: a run trained with {@code eval.test = false}
 * (tuned on the validation split) is evaluated on the test split once its setting is chosen. The final model comes
 * from the run's last checkpoint (written after the last round), the settings from its own config.conf, and the
 * evaluation is the one the run would have made at its last round: the same heads, the same test images, the same
 * chunks, so the numbers are equal. Writes {@code test_accuracy}, {@code test_accuracy_std} and
 * {@code test_images} into the run's summary.json, keeping every other key; a second call gives the same numbers.
 */
public final class TestEvaluation {

    private TestEvaluation() {}

    /**
     * @param accuracy mean test accuracy over the evaluated heads
     * @param std its spread over the heads (0 with one head)
     * @param images test images evaluated
     */
    public record Result(double accuracy, double std, long images) {}

    /**
     * @param spark the session
     * @param runDir a finished run's directory
     * @return the test evaluation, also written into the run's summary.json
     * @throws IllegalArgumentException when the run is not finished or its last checkpoint is missing
     * @throws DataProblem when its dataset cannot be opened, lacks its test split or is not the one it trained on
     */
    public static Result run(SparkSession spark, String runDir) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        RunDirectory run = new RunDirectory(runDir, jsc.hadoopConfiguration());
        if (!run.isComplete()) {
            throw new IllegalArgumentException(run.display() + " is not a finished run (no " + RunDirectory.SUCCESS
                    + "): only a finished run's final model is evaluated on the test split");
        }
        TrainConfig config = ConfigLoader.loadRecorded(run.readText("config.conf"), run.display() + "/config.conf",
                List.of());
        ObjectNode summary = summary(run);
        PreparedDataset dataset = dataset(summary, config);
        Checkpoint last = Checkpoint.latest(run).filter(cp -> cp.round() == config.rounds).orElseThrow(() ->
                new IllegalArgumentException(run.display() + " has no checkpoint of its last round " + config.rounds
                        + ": the final model is not there to evaluate"));

        SplitMethod method = SplitMethods.create(config,
                TrainingSubset.sizes(dataset.clientSampleCounts(), config.data.fraction));
        List<byte[]> heads = RoundLoop.evaluatedHeads(config, method, HeadStore.fromBytes(last.heads()));
        int partitions = config.partitions(jsc);
        jsc.setJobDescription("test evaluation of " + run.display());
        JavaPairRDD<Integer, ClientShard> test = ClientDataSet.testChunks(spark, dataset, config.evalBatchSize,
                partitions, config.evalTestImages);
        Evaluator.Accuracy accuracy;
        try {
            // summary.json's resources describe the training process; this later evaluation's GPUs are not added.
            accuracy = new Evaluator(jsc, test, config, method, new AssignedGpus(TaskGpus.ofDriver(jsc.sc())))
                    .accuracy(last.body().parameters(), last.tail().parameters(), heads);
        } finally {
            test.unpersist(false);
            jsc.setJobDescription(null);
        }
        Result result = new Result(accuracy.mean(), accuracy.std(), Training.testImages(config, dataset));
        record(run, result);
        return result;
    }

    /**
     * Writes a test evaluation into a run's summary.json, keeping every other key.
     *
     * @param run the run evaluated (or whose identical retrained model was)
     * @param result the evaluation
     */
    public static void record(RunDirectory run, Result result) {
        ObjectNode summary = summary(run);
        summary.put("test_accuracy", result.accuracy());
        summary.put("test_accuracy_std", result.std());
        summary.put("test_images", result.images());
        run.writeText("summary.json", summary.toPrettyString() + "\n");
    }

    private static ObjectNode summary(RunDirectory run) {
        try {
            JsonNode node = new ObjectMapper().readTree(run.readText("summary.json"));
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException(run.display() + "/summary.json is not a JSON object");
            }
            return object;
        } catch (IOException e) {
            throw new IllegalArgumentException(run.display() + "/summary.json is not JSON: " + e.getMessage(), e);
        }
    }

    /** The dataset the run trained on: the folder its summary records, checked by its manifest's hash. */
    private static PreparedDataset dataset(ObjectNode summary, TrainConfig config) {
        String root = summary.path("dataset").asText(config.data.dir);
        PreparedDataset dataset;
        try {
            dataset = PreparedDataset.open(root);
        } catch (RuntimeException e) {
            throw new DataProblem("the run's dataset " + root + " cannot be opened with its test split: "
                    + e.getMessage(), e);
        }
        String recorded = summary.path("dataset_manifest_sha256").asText("");
        if (!recorded.isEmpty() && !recorded.equals(dataset.manifestSha256())) {
            throw new DataProblem("the run's dataset " + root + " was prepared again since the run (manifest sha256 "
                    + dataset.manifestSha256() + ", the run recorded " + recorded + ")");
        }
        return dataset;
    }
}
