/**
 * A round in Spark terms: client-forward tasks over the client shards, the server step (on the driver or
 * in a one-task stage), gradient records back, client-backward tasks, then the method's head policy; and
 * each round's metrics, including its simulated time from the per-client costs the tasks measured; and who
 * drops out of a round and why ({@link org.cutmixsl.spark.round.Drops}: seeded dropouts before the plan, late
 * uploads and their group mates after the forward stage), recorded in the metrics.
 */
package org.cutmixsl.spark.round;
