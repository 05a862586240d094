package org.cutmixsl.spark.attack;

import org.cutmixsl.common.cli.ExitCodes;

/** A run directory or dataset that the attack cannot work on; the message names what is missing. */
public final class AttackProblem extends RuntimeException implements ExitCodes.Cause {

    private static final long serialVersionUID = 1L;

    /** @param message what is missing and how to get it */
    public AttackProblem(String message) {
        super(message);
    }

    /** @return {@link ExitCodes#BAD_DATA} */
    @Override
    public int exitCode() {
        return ExitCodes.BAD_DATA;
    }
}
