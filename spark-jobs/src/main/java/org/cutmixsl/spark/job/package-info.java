/**
 * Assembles a training run from its configuration: the data (prepared when missing), the method, the
 * server stage, the round loop, and the run directory's outputs; and evaluates a finished run on the test split
 * afterwards ({@link org.cutmixsl.spark.job.TestEvaluation}), for runs tuned with eval.test off.
 */
package org.cutmixsl.spark.job;
