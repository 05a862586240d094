/**
 * Assembles a training run from its configuration: the data (prepared when missing), the method, the
 * server stage, the round loop, and the run directory's outputs.
 */
package org.cutmixsl.spark.job;
