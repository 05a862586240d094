/**
 * The report people look at (bin/cutmixsl report): report.html with XChart PNG plots and tables, of a study or
 * of one run; self-contained, opens offline.
 */
package org.cutmixsl.spark.report;
