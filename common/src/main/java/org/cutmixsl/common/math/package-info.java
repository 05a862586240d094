/**
 * Arithmetic shared by the modules: largest-remainder rounding of amounts to an exact total, and the
 * statistics of comparisons over seeds (Student t, means with 95% confidence intervals, paired differences).
 */
package org.cutmixsl.common.math;
