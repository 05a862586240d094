/**
 * The computation of one round without any transport: client head steps, the server's micro-batched
 * body-and-tail step, the loss, and the single-JVM bare loop that the Spark job is measured against.
 */
package org.cutmixsl.model.train;
