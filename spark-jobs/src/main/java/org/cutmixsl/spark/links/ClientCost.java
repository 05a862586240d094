package org.cutmixsl.spark.links;

/**
 * What one client of a step measurably cost: its tasks' times as measured here and its records' serialized
 * sizes as Kryo wrote them.
 *
 * @param client the client id
 * @param forwardSeconds its client-forward computation, measured in its task
 * @param uploadBytes its upload's serialized size
 * @param downloadBytes its gradient record's serialized size
 * @param backwardSeconds its client-backward computation, measured in its task
 */
public record ClientCost(int client, double forwardSeconds, long uploadBytes, long downloadBytes,
                         double backwardSeconds) {}
