/**
 * Integer arithmetic shared by model and data-prep: largest-remainder rounding of amounts to an exact total.
 */
package org.cutmixsl.common.math;
