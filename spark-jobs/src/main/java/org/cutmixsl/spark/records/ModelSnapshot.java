package org.cutmixsl.spark.records;

import java.util.List;

/**
 * Parameters of a whole model to evaluate or export: body, tail and one or more heads (per-client heads
 * share the body and tail), as parameter-vector bytes.
 *
 * @param body body parameters
 * @param tail tail parameters
 * @param heads head parameters, one per head
 */
public record ModelSnapshot(byte[] body, byte[] tail, List<byte[]> heads) {}
