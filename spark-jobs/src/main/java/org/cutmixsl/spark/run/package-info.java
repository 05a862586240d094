/**
 * The run directory, through Hadoop's FileSystem API (local paths, HDFS, S3A): resolved configuration,
 * metrics, checkpoints, summary and the {@code _SUCCESS} commit marker, written last.
 */
package org.cutmixsl.spark.run;
