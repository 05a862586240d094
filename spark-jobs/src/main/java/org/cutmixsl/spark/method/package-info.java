/**
 * The split methods of SPEC section 5, one implementation each behind {@link
 * org.cutmixsl.spark.method.SplitMethod}: what clients upload, how the server builds its batch, and
 * what happens to heads. The round loop only ever talks to the interface. What a group with a missing member
 * means is the step layout's rule ({@link org.cutmixsl.spark.method.StepLayout#without}), the same for every method.
 */
package org.cutmixsl.spark.method;
