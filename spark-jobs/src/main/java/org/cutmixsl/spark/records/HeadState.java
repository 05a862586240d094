package org.cutmixsl.spark.records;

/**
 * A client head's training state: parameter vector bytes and optimiser state bytes (empty array = a
 * fresh optimiser). Immutable by convention: the arrays are never modified after construction.
 *
 * @param parameters {@code ParameterVector.toBytes()}
 * @param optimizer {@code Optimizer.exportState()}, or empty
 */
public record HeadState(byte[] parameters, byte[] optimizer) {

    /** @return bytes held */
    public long size() {
        return (long) parameters.length + optimizer.length;
    }
}
