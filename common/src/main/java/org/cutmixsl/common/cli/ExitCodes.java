package org.cutmixsl.common.cli;

/** Process exit codes, one per cause, documented in the README ("Exit codes"). */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** Bad command line or configuration. */
    public static final int BAD_CONFIG = 2;
    /** Bad or missing data. */
    public static final int BAD_DATA = 3;
    /** Training failed (a Spark job, a damaged record, a model error), or anything else unexpected. */
    public static final int TRAINING_FAILED = 4;
    /** Another run holds the output folder's lock. */
    public static final int LOCKED = 5;

    private ExitCodes() {}

    /**
     * An exception that knows which exit code it ends a command with; its message is shown to the user as it is.
     * Exceptions of the domain implement it (a data problem: {@link #BAD_DATA}; a held lock: {@link #LOCKED}).
     */
    public interface Cause {
        /** @return the process exit code this failure ends a command with */
        int exitCode();
    }
}
