package org.cutmixsl.spark.records;

/**
 * A client's head after its backward step, sent back to the driver, which keeps heads between rounds
 * and averages them where the method asks.
 *
 * @param client the client id
 * @param samples the client's training-sample count (FedAvg weight)
 * @param state the updated head state
 * @param parameterBytes serialized size of the head parameters alone, as Kryo wrote them: the
 *     synchronisation upload a FedAvg round costs this client
 * @param task the GPUs Spark assigned to the client-backward task that computed it
 * @param seconds the client's backward computation and optimiser step as its task measured it, for simulated time
 */
public record HeadUpdate(int client, int samples, HeadState state, long parameterBytes, TaskGpus task,
                         double seconds) {}
