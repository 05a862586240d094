/**
 * The prepared Parquet data as the job reads it: one {@link org.cutmixsl.spark.records.ClientShard} per
 * client, in Spark partitions by client id range and kept in memory, plus the test split in evaluation chunks.
 */
package org.cutmixsl.spark.data;
