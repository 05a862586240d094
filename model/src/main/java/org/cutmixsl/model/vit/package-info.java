/**
 * The Vision Transformer cut into head (clients), body and tail (server), built from one {@link
 * org.cutmixsl.model.vit.ViTConfig}; parameters travel as flat float vectors.
 */
package org.cutmixsl.model.vit;
