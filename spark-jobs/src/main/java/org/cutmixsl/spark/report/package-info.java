/**
 * The report people look at (bin/cutmixsl report): report.html with XChart PNG plots and tables, of a study or
 * of one run; self-contained, opens offline. A study with simulated links adds accuracy against simulated time and
 * the time and uplink to the target accuracy per setting, with 95% intervals over the seeds that reached it.
 */
package org.cutmixsl.spark.report;
