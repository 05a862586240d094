/**
 * Scheduled runs: prepare, train, attack and report on one configuration, each step idempotent, under a lock
 * in the output folder that a second launch on the same folder finds (exit code 5, naming the holder).
 */
package org.cutmixsl.spark.pipeline;
