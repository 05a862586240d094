/**
 * The prepared Parquet data as the job reads it: one {@link org.cutmixsl.spark.records.ClientShard} per
 * client (its {@link org.cutmixsl.spark.data.TrainingSubset} under data.fraction), in Spark partitions by client
 * id range and kept in memory, plus the test and validation splits in evaluation chunks.
 */
package org.cutmixsl.spark.data;
