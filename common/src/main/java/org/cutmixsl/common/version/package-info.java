/** The code version every output records: the commit the build came from, written into the jar at build time. */
package org.cutmixsl.common.version;
