/**
 * Where torch and ND4J compute: the {@code device} choice (cpu, gpu, auto) and its resolution against what libtorch
 * itself can use, with errors that name what is missing (CUDA natives, driver, an assigned GPU); and ND4J's side
 * ({@link org.cutmixsl.model.device.Nd4jDevices}): on its CUDA backend ({@code -Pcuda,nd4j-cuda}), the CUDA runtime the
 * build ships loaded first and ND4J pinned to the same assigned GPU; on its CPU backend, nothing.
 */
package org.cutmixsl.model.device;
