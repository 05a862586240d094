/** Entry points: the training job for spark-submit and the launcher, its arguments and exit codes. */
package org.cutmixsl.spark.cli;
