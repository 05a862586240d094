/**
 * A round in Spark terms: client-forward tasks over the client shards, the server step (on the driver or
 * in a one-task stage), gradient records back, client-backward tasks, then the method's head policy; and
 * each round's metrics, including its simulated time from the per-client costs the tasks measured.
 */
package org.cutmixsl.spark.round;
