/**
 * The trained ViT as a DJL model directory (parameter file plus {@code vit.properties}) and the translators that
 * feed it images exactly as training did, for inference with DJL's {@code Criteria}.
 */
package org.cutmixsl.model.export;
