/** Which device a task or the driver computes on: CPU, or the GPU Spark's resource scheduling assigned. */
package org.cutmixsl.spark.device;
