package org.cutmixsl.data.dataset;

import org.cutmixsl.common.cli.ExitCodes;

/**
 * A directory that is not a complete prepared dataset: no manifest, a manifest that cannot be read, or a split
 * the manifest promises but the directory lacks. The message names the path and says what is wrong.
 */
public final class InvalidDatasetException extends RuntimeException implements ExitCodes.Cause {

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

    /** @return {@link ExitCodes#BAD_DATA} */
    @Override
    public int exitCode() {
        return ExitCodes.BAD_DATA;
    }
}
