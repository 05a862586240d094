package org.cutmixsl.spark.records;

/**
 * Correct predictions of one head on one chunk of the test split.
 *
 * @param head index of the evaluated head
 * @param correct correct predictions
 * @param total images
 * @param task the GPUs Spark assigned to the evaluation task that counted them
 */
public record EvalCount(int head, long correct, long total, TaskGpus task) {}
