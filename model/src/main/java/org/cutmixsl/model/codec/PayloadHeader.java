package org.cutmixsl.model.codec;

/**
 * What a payload declares about itself: its format version, encoding, shape and, for FP16, the power-of-two
 * scale its values were stored with.
 *
 * @param version   the payload format version
 * @param encoding  how the values are stored
 * @param batch     B, samples
 * @param patches   P, patches per sample
 * @param dim       D, token width
 * @param totalKept tokens carried, over all samples
 * @param length    the payload's length in bytes, checksum included
 * @param scaleExponent e: an FP16 payload stores x·2^e, and decoding multiplies by 2^−e (exact); 0 for FP32 and
 *                  INT8, and for an FP16 payload whose values are all zero or not all finite
 */
public record PayloadHeader(int version, Encoding encoding, int batch, int patches, int dim, int totalKept, int length,
                            int scaleExponent) {
}
