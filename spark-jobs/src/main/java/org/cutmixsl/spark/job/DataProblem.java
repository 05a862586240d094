package org.cutmixsl.spark.job;

/** Bad or missing data: the dataset folder, its manifest, or a mismatch with the model. */
public final class DataProblem extends RuntimeException {

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
}
