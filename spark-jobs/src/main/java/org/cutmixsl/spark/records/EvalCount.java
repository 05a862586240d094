package org.cutmixsl.spark.records;

/**
 * Correct predictions of one head on one chunk of the test split.
 *
 * @param head index of the evaluated head
 * @param correct correct predictions
 * @param total images
 */
public record EvalCount(int head, long correct, long total) {}
