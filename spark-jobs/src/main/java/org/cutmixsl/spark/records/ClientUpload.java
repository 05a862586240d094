package org.cutmixsl.spark.records;

/**
 * What a client-forward task returns for one client: the record, and its size as Spark's Kryo
 * serializer wrote it in that task. The size travels with the result (not in an accumulator, which a
 * retried task would add twice).
 *
 * @param record the upload
 * @param serializedBytes bytes Spark's serializer wrote for it
 * @param distanceCorrelation bias-corrected dCor² between the client's images and what the server receives
 *     from it, or NaN when not measured this round
 * @param task the GPUs Spark assigned to the client-forward task that computed it
 * @param seconds the client's forward computation as its task measured it (head, transform, encoding; not the
 *     distance-correlation measurement), for simulated time
 */
public record ClientUpload(CutSmashedRecord record, long serializedBytes, double distanceCorrelation, TaskGpus task,
                           double seconds) {}
