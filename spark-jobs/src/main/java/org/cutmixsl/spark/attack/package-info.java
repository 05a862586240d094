/**
 * The reconstruction attack on a finished run (bin/cutmixsl attack): the server's decoder trained on its holdout,
 * applied to exactly what it received from clients in the attacked rounds; results, grids and summary in the run.
 */
package org.cutmixsl.spark.attack;
