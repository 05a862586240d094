package org.cutmixsl.model.train;

/**
 * Training produced a value that is not finite (NaN or an infinity): a loss, a gradient, a head's output or its
 * parameters. Raised where it first shows, naming the round, the step and what it was in, so that a divergence is
 * reported where it starts rather than rounds later by whatever next reads the numbers.
 */
public final class TrainingDivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** @param message where, and what was not finite */
    public TrainingDivergedException(String message) {
        super(message + ": training diverged (a lower learning rate, a longer warm-up or a gradient-norm clip,"
                + " server.optim.clipNorm and client.optim.clipNorm, may help)");
    }

    /**
     * @param values the values to check
     * @param what what they are and where, for the message ("round 3 step 0: client 2's head parameters")
     * @throws TrainingDivergedException naming the first value that is not finite
     */
    public static void requireFinite(float[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new TrainingDivergedException(what + " hold " + values[i] + " (value " + i + " of "
                        + values.length + ")");
            }
        }
    }

    /**
     * @param value the value to check
     * @param what what it is and where, for the message
     * @throws TrainingDivergedException when it is not finite
     */
    public static void requireFinite(float value, String what) {
        if (!Float.isFinite(value)) {
            throw new TrainingDivergedException(what + " is " + value);
        }
    }
}
