/**
 * The Java subcommands of bin/cutmixsl (train, compare, export, predict, attack, study, report, bench and the
 * bare loop), the training job's main class for spark-submit, their arguments, Spark sessions and exit codes.
 */
package org.cutmixsl.spark.cli;
