package org.cutmixsl.spark.eval;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.cutmixsl.model.device.DeviceChoice;
import org.cutmixsl.model.train.Autograd;
import org.cutmixsl.model.train.ImageBatch;
import org.cutmixsl.model.train.InferenceModel;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.model.vit.ViTConfig;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.device.AssignedGpus;
import org.cutmixsl.spark.device.DeviceResolver;
import org.cutmixsl.spark.method.SplitMethod;
import org.cutmixsl.spark.rdd.PartitionJobs;
import org.cutmixsl.spark.records.ClientShard;
import org.cutmixsl.spark.records.EvalCount;
import org.cutmixsl.spark.records.ModelSnapshot;
import org.cutmixsl.spark.records.TaskGpus;
import scala.Tuple2;

/**
 * Top-1 accuracy on one evaluation split (the test split, or the validation split), with unpunched tokens through
 * head, the method's deterministic client transform ({@link SplitMethod#evaluationTransform()}: DP-CutMixSL's
 * clipping), body and tail. Several heads (per-client heads) are evaluated in one pass: each task loads body and
 * tail once and swaps heads.
 */
public final class Evaluator {

    private final JavaSparkContext jsc;
    private final JavaPairRDD<Integer, ClientShard> test;
    private final TrainConfig config;
    private final SplitMethod method;
    private final AssignedGpus gpus;

    /**
     * @param jsc the context
     * @param test the split to evaluate on, in chunks
     * @param config the run's configuration
     * @param method the run's method (its evaluation transform)
     * @param gpus where the GPUs the evaluation tasks received are recorded
     */
    public Evaluator(JavaSparkContext jsc, JavaPairRDD<Integer, ClientShard> test, TrainConfig config, SplitMethod method,
                     AssignedGpus gpus) {
        this.jsc = jsc;
        this.test = test;
        this.config = config;
        this.method = method;
        this.gpus = gpus;
    }

    /**
     * @param body body parameter bytes
     * @param tail tail parameter bytes
     * @param heads head parameter bytes, one per head to evaluate
     * @return the mean accuracy over the heads and its spread
     */
    public Accuracy accuracy(byte[] body, byte[] tail, List<byte[]> heads) {
        return Accuracy.of(accuracies(body, tail, heads));
    }

    /**
     * @param body body parameter bytes
     * @param tail tail parameter bytes
     * @param heads head parameter bytes, one per head to evaluate
     * @return accuracy of each head, in order
     */
    public double[] accuracies(byte[] body, byte[] tail, List<byte[]> heads) {
        Broadcast<ModelSnapshot> snapshot = jsc.broadcast(new ModelSnapshot(body, tail, heads));
        try {
            List<EvalCount> counts = PartitionJobs.collect(PartitionJobs.mapPartitions(test, new EvalTask(config.model,
                    config.device, config.clientThreads, method, snapshot)));
            gpus.record(AssignedGpus.StageKind.EVALUATION, counts.stream().map(EvalCount::task).toList());
            long[] correct = new long[heads.size()];
            long[] total = new long[heads.size()];
            for (EvalCount c : counts) {
                correct[c.head()] += c.correct();
                total[c.head()] += c.total();
            }
            double[] accuracy = new double[heads.size()];
            for (int i = 0; i < accuracy.length; i++) {
                accuracy[i] = total[i] == 0 ? Double.NaN : (double) correct[i] / total[i];
            }
            return accuracy;
        } finally {
            snapshot.unpersist();
        }
    }

    /**
     * An evaluation's result over its heads.
     *
     * @param mean mean accuracy over the heads; NaN when not evaluated
     * @param std sample standard deviation over the heads (0 with one head); NaN when not evaluated
     */
    public record Accuracy(double mean, double std) {

        /** Not evaluated. */
        public static final Accuracy NONE = new Accuracy(Double.NaN, Double.NaN);

        /**
         * @param perHead accuracy of each head, at least one
         * @return their mean and sample standard deviation
         */
        public static Accuracy of(double[] perHead) {
            double mean = 0;
            for (double a : perHead) {
                mean += a;
            }
            mean /= perHead.length;
            double var = 0;
            for (double a : perHead) {
                var += (a - mean) * (a - mean);
            }
            return new Accuracy(mean, perHead.length > 1 ? Math.sqrt(var / (perHead.length - 1)) : 0);
        }
    }

    /** Counts correct predictions of every head on the task's chunks. */
    static final class EvalTask implements FlatMapFunction<Iterator<Tuple2<Integer, ClientShard>>, EvalCount> {
        private static final long serialVersionUID = 1L;
        private final ViTConfig model;
        private final DeviceChoice device;
        private final int threads;
        private final SplitMethod method;
        private final Broadcast<ModelSnapshot> snapshot;

        EvalTask(ViTConfig model, DeviceChoice device, int threads, SplitMethod method,
                 Broadcast<ModelSnapshot> snapshot) {
            this.model = model;
            this.device = device;
            this.threads = threads;
            this.method = method;
            this.snapshot = snapshot;
        }

        @Override
        public Iterator<EvalCount> call(Iterator<Tuple2<Integer, ClientShard>> chunks) {
            List<ClientShard> local = new ArrayList<>();
            chunks.forEachRemaining(t -> local.add(t._2()));
            List<EvalCount> out = new ArrayList<>();
            if (local.isEmpty()) {
                return out.iterator();
            }
            Autograd.setThreads(threads);
            TaskGpus gpus = TaskGpus.current();
            ModelSnapshot m = snapshot.value();
            try (InferenceModel inference = new InferenceModel(model, DeviceResolver.forTask(device))) {
                inference.load(ParameterVector.fromBytes(m.heads().get(0)), ParameterVector.fromBytes(m.body()),
                        ParameterVector.fromBytes(m.tail()));
                inference.useTransform(method.evaluationTransform());
                for (int i = 0; i < m.heads().size(); i++) {
                    inference.loadHead(ParameterVector.fromBytes(m.heads().get(i)));
                    long correct = 0;
                    long total = 0;
                    for (ClientShard chunk : local) {
                        correct += inference.correct(new ImageBatch(chunk.size(), chunk.pixels(), chunk.labels()));
                        total += chunk.size();
                    }
                    out.add(new EvalCount(i, correct, total, gpus));
                }
            }
            return out.iterator();
        }
    }
}
