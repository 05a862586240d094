package org.cutmixsl.data.dataset;

/**
 * A directory that is not a complete prepared dataset: no manifest, a manifest that cannot be read, or a split
 * the manifest promises but the directory lacks. The message names the path and says what is wrong.
 */
public final class InvalidDatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the path and what is wrong with it
     */
    public InvalidDatasetException(String message) {
        super(message);
    }

    /**
     * @param message the path and what is wrong with it
     * @param cause the lower-level failure
     */
    public InvalidDatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
