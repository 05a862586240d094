/**
 * The clients' shares of the training samples (IID, Dirichlet over labels, label-sorted shards), drawn seeded and
 * reproducible, plus the server holdout and the per-client class statistics (CSV and heatmap).
 */
package org.cutmixsl.data.shares;
