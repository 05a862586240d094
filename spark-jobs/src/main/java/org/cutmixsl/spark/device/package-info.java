/**
 * Which device a task or the driver computes on: CPU, or the GPU Spark's resource scheduling assigned, for libtorch
 * and (on ND4J's CUDA backend) for ND4J's distance correlation alike; and the record of what it assigned during a run
 * ({@code summary.json}'s {@code resources}).
 */
package org.cutmixsl.spark.device;
