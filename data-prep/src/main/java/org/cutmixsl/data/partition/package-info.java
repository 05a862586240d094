/**
 * Splitting training samples among clients (IID, Dirichlet over labels, label-sorted shards), seeded and
 * reproducible, plus the server holdout and the per-client class statistics (CSV and heatmap).
 */
package org.cutmixsl.data.partition;
