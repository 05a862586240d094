package org.cutmixsl.spark.round;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.cutmixsl.model.train.PartState;
import org.cutmixsl.spark.records.ClientUpload;
import org.cutmixsl.spark.records.TaskGpus;
import org.cutmixsl.spark.records.UploadCost;

/**
 * The Spark side of the server step: where it runs, on the driver ({@link DriverServerStage}) or in a one-task
 * Spark stage on an executor ({@link ExecutorServerStage}). Either way it receives the step's uploads as an RDD,
 * hands them to {@link ServerStep} (the step's logic), and returns the loss, the gradient records and what the
 * uploads weighed on the wire.
 */
public interface ServerStage extends AutoCloseable {

    /**
     * @param step the step's context
     * @param uploads the step's uploads (one per client)
     * @param description what the Spark UI shows for the stage
     * @return the outcome
     */
    Outcome run(StepContext step, JavaRDD<ClientUpload> uploads, String description);

    /** @return body and tail state, for checkpoints */
    PartState[] exportState();

    /** @param bodyAndTail state from a checkpoint */
    void importState(PartState[] bodyAndTail);

    /** @return body and tail parameter bytes, for evaluation and export */
    byte[][] parameters();

    @Override
    void close();

    /**
     * @param result loss and gradient records
     * @param uploadBytes serialized size of the uploads, summed
     * @param clientForwardSeconds time the uploads took to compute (the forward stage)
     * @param serverSeconds time of the server step itself
     * @param distanceCorrelation mean of the uploads' distance correlations, NaN when not measured
     * @param forwardTasks the GPUs of the client-forward tasks whose uploads the step used, one entry per task
     * @param serverTasks the GPUs of the server task; empty on the driver
     * @param uploads what each client's upload cost (its size and its forward computation), by client id
     */
    record Outcome(ServerStep.Result result, long uploadBytes, double clientForwardSeconds, double serverSeconds,
                   double distanceCorrelation, List<TaskGpus> forwardTasks, List<TaskGpus> serverTasks,
                   List<UploadCost> uploads) {}

    /** @return what each upload cost, in client order */
    static List<UploadCost> costsOf(List<ClientUpload> uploads) {
        return uploads.stream().map(UploadCost::of).sorted(java.util.Comparator.comparingInt(UploadCost::client))
                .toList();
    }

    /** @return the mean distance correlation of the uploads that measured one, NaN when none did */
    static double meanDistanceCorrelation(List<ClientUpload> uploads) {
        double sum = 0;
        int n = 0;
        for (ClientUpload u : uploads) {
            if (!Double.isNaN(u.distanceCorrelation())) {
                sum += u.distanceCorrelation();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** @return the GPUs of the client-forward tasks that computed the uploads, one entry per task */
    static List<TaskGpus> forwardTasks(List<ClientUpload> uploads) {
        return TaskGpus.distinct(uploads.stream().map(ClientUpload::task).toList());
    }

    /** @return the records of a list, for counting */
    static long bytesOf(List<ClientUpload> uploads) {
        long total = 0;
        for (ClientUpload u : uploads) {
            total += u.serializedBytes();
        }
        return total;
    }
}
