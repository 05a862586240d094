/**
 * Turning a raw dataset into a prepared one: validated options, the Spark job that writes the Parquet
 * splits, statistics and manifest into a temporary directory and renames it into place, and its command line.
 */
package org.cutmixsl.data.prepare;
