/**
 * The run's configuration: HOCON defaults from conf/defaults.conf, a user file and --set overrides,
 * loaded into immutable typed objects and validated before any Spark job starts.
 */
package org.cutmixsl.spark.config;
