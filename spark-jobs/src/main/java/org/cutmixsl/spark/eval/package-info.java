/** Test accuracy of the trained model, computed by executor tasks over the test split. */
package org.cutmixsl.spark.eval;
