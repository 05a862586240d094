package org.cutmixsl.data.source;

import java.nio.file.Path;
import org.cutmixsl.common.cli.ExitCodes;

/**
 * A source file or directory that cannot be read as the dataset it should hold. The message always starts
 * with the path, then says what is wrong, so that it can be shown to a user as it is.
 */
public final class InvalidSourceException extends RuntimeException implements ExitCodes.Cause {

    private static final long serialVersionUID = 1L;

    private final String path;

    /**
     * @param path the file or directory at fault
     * @param problem what is wrong with it, in words a user can act on
     */
    public InvalidSourceException(Path path, String problem) {
        super(path + ": " + problem);
        this.path = path.toString();
    }

    /**
     * @param path the file or directory at fault
     * @param problem what is wrong with it
     * @param cause the lower-level failure
     */
    public InvalidSourceException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path.toString();
    }

    /** @return the file or directory at fault, as given */
    public String path() {
        return path;
    }

    /** @return {@link ExitCodes#BAD_DATA} */
    @Override
    public int exitCode() {
        return ExitCodes.BAD_DATA;
    }
}
