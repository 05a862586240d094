/**
 * Optimisers (AdamW, SGD with momentum) and the warm-up plus cosine learning-rate schedule; their state
 * exports to bytes like the weights, so a checkpoint resumes exactly.
 */
package org.cutmixsl.model.optim;
