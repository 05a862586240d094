/**
 * Where torch computes: the {@code device} choice (cpu, gpu, auto) and its resolution against what libtorch itself
 * can use, with errors that name what is missing (CUDA natives, driver, an assigned GPU).
 */
package org.cutmixsl.model.device;
