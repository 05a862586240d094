package org.cutmixsl.spark.records;

import java.util.List;

/**
 * What the one-task server stage returns to the driver: the step's loss and gradient records, what the
 * uploads it received weighed on the wire, and the seconds its own computation took.
 *
 * @param loss the step's mean training loss
 * @param gradients one record per client, sorted by client id
 * @param uploadBytes serialized size of the received uploads, summed
 * @param seconds the server step's computation
 * @param distanceCorrelation mean of the uploads' distance correlations, NaN when not measured
 * @param task the GPUs Spark assigned to the server task
 * @param forwardTasks the GPUs of the client-forward tasks whose uploads it received, one entry per task
 * @param uploads what each received upload cost, by client id
 * @param dropped whom the step dropped and why, as metrics.csv's {@code dropped} column writes it (empty: none)
 */
public record ServerOutput(float loss, GradientRecord[] gradients, long uploadBytes, double seconds,
                           double distanceCorrelation, TaskGpus task, List<TaskGpus> forwardTasks,
                           List<UploadCost> uploads, String dropped) {}
