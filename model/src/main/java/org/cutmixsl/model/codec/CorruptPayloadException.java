package org.cutmixsl.model.codec;

/**
 * A payload that cannot be decoded faithfully: wrong magic or version, an unknown encoding, a length that does not
 * match its declared shape, malformed patch indices or a checksum mismatch. The message says which.
 */
public final class CorruptPayloadException extends RuntimeException {

    public CorruptPayloadException(String message) {
        super(message);
    }
}
