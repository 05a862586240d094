/**
 * What crosses Spark's wire in a round (CutSmashed uploads, gradient downloads, head states, client
 * shards, and in every task result the GPUs Spark assigned to its task and the per-client time it measured) and
 * the one Kryo registrator that lists them, each with a compact custom serializer.
 */
package org.cutmixsl.spark.records;
