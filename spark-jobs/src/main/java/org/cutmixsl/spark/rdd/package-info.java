/**
 * The two RDD calls every round makes many times ({@link org.cutmixsl.spark.rdd.PartitionJobs#mapPartitions}
 * and {@link org.cutmixsl.spark.rdd.PartitionJobs#collect}), written so that Spark's closure cleaner has
 * nothing to inspect.
 */
package org.cutmixsl.spark.rdd;
