/**
 * The split methods of SPEC section 5, one implementation each behind {@link
 * org.cutmixsl.spark.method.SplitMethod}: what clients upload, how the server builds its batch, and
 * what happens to heads. The round loop only ever talks to the interface.
 */
package org.cutmixsl.spark.method;
