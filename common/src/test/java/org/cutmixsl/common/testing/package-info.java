/** Test support shared by every module's tests (common's test jar): the rule for missing prerequisites. */
package org.cutmixsl.common.testing;
