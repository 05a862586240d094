/**
 * Client heads between rounds: the driver-side store that keeps them safe across tasks, retries and
 * lost executors, the policies that decide what happens to them after a step (keep, FedAvg, hand over),
 * what that synchronisation sent per client, and the FedAvg arithmetic itself.
 */
package org.cutmixsl.spark.heads;
