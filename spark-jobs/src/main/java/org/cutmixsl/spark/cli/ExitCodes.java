package org.cutmixsl.spark.cli;

/** Process exit codes, one per cause, documented in the README. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** Bad command line or configuration. */
    public static final int BAD_CONFIG = 2;
    /** Bad or missing data. */
    public static final int BAD_DATA = 3;
    /** Training failed (a Spark job, a damaged record, a model error). */
    public static final int TRAINING_FAILED = 4;
    /** Another run holds the output folder's lock. */
    public static final int LOCKED = 5;

    private ExitCodes() {}
}
