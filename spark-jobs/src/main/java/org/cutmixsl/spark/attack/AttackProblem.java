package org.cutmixsl.spark.attack;

/** A run directory or dataset that the attack cannot work on; the message names what is missing. */
public final class AttackProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is missing and how to get it */
    public AttackProblem(String message) {
        super(message);
    }
}
