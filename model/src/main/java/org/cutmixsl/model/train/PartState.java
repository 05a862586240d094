package org.cutmixsl.model.train;

/**
 * Everything a part needs to continue training exactly: its parameter vector bytes and its
 * optimiser state bytes (moments and step count).
 *
 * @param parameters {@link org.cutmixsl.model.vit.ParameterVector#toBytes()}
 * @param optimizer {@link org.cutmixsl.model.optim.Optimizer#exportState()}
 */
public record PartState(byte[] parameters, byte[] optimizer) {}
