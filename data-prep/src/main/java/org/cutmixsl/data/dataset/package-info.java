/**
 * Reading a prepared dataset back: its manifest, validated, and the locations and sizes of its
 * train, test and holdout splits, for the Spark jobs.
 */
package org.cutmixsl.data.dataset;
