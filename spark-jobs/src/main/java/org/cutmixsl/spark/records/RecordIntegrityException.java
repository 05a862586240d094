package org.cutmixsl.spark.records;

/** A record whose checksum does not match its contents: it was damaged between client and server. */
public final class RecordIntegrityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what was damaged and where it came from */
    public RecordIntegrityException(String message) {
        super(message);
    }
}
