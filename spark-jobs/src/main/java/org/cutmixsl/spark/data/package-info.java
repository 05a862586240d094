/**
 * The prepared Parquet data as the job reads it: one {@link org.cutmixsl.spark.records.ClientShard} per
 * client, partitioned by client id and kept in memory, plus the test split in evaluation chunks.
 */
package org.cutmixsl.spark.data;
