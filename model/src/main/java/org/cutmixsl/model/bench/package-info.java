/**
 * Benchmarks and checks of the model on its own: throughput of the codec and the mixers against a plain memory copy
 * (JMH) with {@link org.cutmixsl.model.bench.ModelBench}, the command that runs them and prints one figure per line;
 * the server step's operator profile ({@link org.cutmixsl.model.bench.ServerStepProfile}); and
 * {@link org.cutmixsl.model.bench.TorchCheck}, the libtorch half of {@code gpu-check}, which runs on a classpath of
 * DJL and this module alone (gpu/run-torch-check.sh).
 */
package org.cutmixsl.model.bench;
