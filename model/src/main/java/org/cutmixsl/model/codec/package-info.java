/**
 * The CutSmashed codec: kept patch tokens to a checksummed byte payload (fp32, fp16 or int8 with per-token scales) and
 * back, for the client upload and the server's gradient download alike.
 */
package org.cutmixsl.model.codec;
