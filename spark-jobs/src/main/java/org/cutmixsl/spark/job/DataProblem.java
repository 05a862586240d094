package org.cutmixsl.spark.job;

import org.cutmixsl.common.cli.ExitCodes;

/** Bad or missing data: the dataset folder, its manifest, or a mismatch with the model. */
public final class DataProblem extends RuntimeException implements ExitCodes.Cause {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the input */
    public DataProblem(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the input
     * @param cause the underlying error
     */
    public DataProblem(String message, Throwable cause) {
        super(message, cause);
    }

    /** @return {@link ExitCodes#BAD_DATA} */
    @Override
    public int exitCode() {
        return ExitCodes.BAD_DATA;
    }
}
