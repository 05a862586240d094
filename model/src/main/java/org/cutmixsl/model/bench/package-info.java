/**
 * Throughput benchmarks of the codec and the mixers against a plain memory copy (JMH), and {@link
 * org.cutmixsl.model.bench.ModelBench}, the command that runs them and prints one figure per line.
 */
package org.cutmixsl.model.bench;
