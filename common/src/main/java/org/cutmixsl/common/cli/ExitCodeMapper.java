package org.cutmixsl.common.cli;

import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * The one mapping from an exception that ended a command to its exit code ({@link ExitCodes}):
 * <ul>
 *   <li>a bad command line (picocli's {@link CommandLine.ParameterException}), or an {@link IllegalArgumentException}
 *       (a bad option value or configuration, named in its message): {@link ExitCodes#BAD_CONFIG};</li>
 *   <li>an exception that says its own code ({@link ExitCodes.Cause}): that code;</li>
 *   <li>a file that cannot be read or written ({@link UncheckedIOException}): {@link ExitCodes#BAD_DATA};</li>
 *   <li>anything else (a failed Spark job, a model error, a bug): {@link ExitCodes#TRAINING_FAILED}.</li>
 * </ul>
 */
public final class ExitCodeMapper implements CommandLine.IExitCodeExceptionMapper {

    @Override
    public int getExitCode(Throwable exception) {
        if (exception instanceof ExitCodes.Cause cause) {
            return cause.exitCode();
        }
        if (exception instanceof CommandLine.ParameterException || exception instanceof IllegalArgumentException) {
            return ExitCodes.BAD_CONFIG;
        }
        if (exception instanceof UncheckedIOException) {
            return ExitCodes.BAD_DATA;
        }
        return ExitCodes.TRAINING_FAILED;
    }

    /**
     * @param exception what ended a command
     * @return whether its message alone tells the user what went wrong (one of the causes above other than the
     *     last), so that no stack trace is needed
     */
    public boolean explains(Throwable exception) {
        return exception instanceof ExitCodes.Cause || exception instanceof CommandLine.ParameterException
                || exception instanceof IllegalArgumentException || exception instanceof UncheckedIOException;
    }
}
