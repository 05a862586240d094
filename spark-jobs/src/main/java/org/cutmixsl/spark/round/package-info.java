/**
 * A round in Spark terms: client-forward tasks over the client shards, the server step (on the driver or
 * in a one-task stage), gradient records back, client-backward tasks, then the method's head policy.
 */
package org.cutmixsl.spark.round;
