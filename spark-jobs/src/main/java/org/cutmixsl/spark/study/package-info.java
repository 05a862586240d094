/**
 * Studies: a sweep of variants × numbers of clients × share schemes × seeds run as ordinary run directories
 * (resumed where interrupted, kept where finished), and the results table built over them with Spark SQL.
 */
package org.cutmixsl.spark.study;
