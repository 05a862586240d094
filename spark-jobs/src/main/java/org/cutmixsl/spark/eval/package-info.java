/**
 * Accuracy of the trained model on an evaluation split (the test split, or the validation split that tuning reads),
 * computed by executor tasks over the split's chunks.
 */
package org.cutmixsl.spark.eval;
