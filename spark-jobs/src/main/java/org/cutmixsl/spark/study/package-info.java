/**
 * Studies and comparisons: a sweep of variants × regimes × numbers of clients × share schemes × seeds run as
 * ordinary run directories (resumed where interrupted, kept where finished), optionally tuned on validation accuracy
 * first ({@link org.cutmixsl.spark.study.Tuning}), the results table built over them with Spark SQL
 * ({@link org.cutmixsl.spark.study.ResultsTable}; with simulated links it carries the simulated time and uplink to the
 * target accuracy and the dropped client-rounds; with a study's validation target, the round and uplink per client
 * at which each run reached it), and the verdicts over seeds with 95% confidence intervals
 * ({@link org.cutmixsl.spark.study.Comparison}). {@code compare} is a study of one cell per method. A chosen run
 * whose final model is not kept (a study read back from git) is trained again, and checked against its record, for
 * its test accuracy.
 */
package org.cutmixsl.spark.study;
