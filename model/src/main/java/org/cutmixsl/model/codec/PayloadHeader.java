package org.cutmixsl.model.codec;

/**
 * What a payload declares about itself: its format version, encoding and shape.
 *
 * @param version   the payload format version
 * @param encoding  how the values are stored
 * @param batch     B, samples
 * @param patches   P, patches per sample
 * @param dim       D, token width
 * @param totalKept tokens carried, over all samples
 * @param length    the payload's length in bytes, checksum included
 */
public record PayloadHeader(int version, Encoding encoding, int batch, int patches, int dim, int totalKept, int length) {
}
