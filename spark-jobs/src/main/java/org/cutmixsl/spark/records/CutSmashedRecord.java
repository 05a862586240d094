package org.cutmixsl.spark.records;

import java.util.Locale;

/**
 * One client's upload for one step of a round: the kept tokens of its smashed data (the codec payload,
 * which carries the batch shape, the kept patch indices, the encoding and its own CRC32C), the labels
 * (the tail is on the server) and a CRC32C over all of it. Immutable.
 */
public final class CutSmashedRecord {

    private final int round;
    private final int step;
    private final int group;
    private final int client;
    private final int batchSize;
    private final int[] labels;
    private final byte[] payload;
    private final int checksum;

    /**
     * Builds a record and computes its checksum.
     *
     * @param round the round
     * @param step the step within the round (sequential methods run several)
     * @param group the mixing group of the step
     * @param client the client id
     * @param batchSize B
     * @param labels the B labels
     * @param payload the codec payload
     */
    public CutSmashedRecord(int round, int step, int group, int client, int batchSize, int[] labels, byte[] payload) {
        this(round, step, group, client, batchSize, labels, payload,
                Checksums.of(new int[] {round, step, group, client, batchSize}, labels, payload));
    }

    /** Rebuilds a record as it was read from the wire, checksum included (see {@link #verify()}). */
    CutSmashedRecord(int round, int step, int group, int client, int batchSize, int[] labels, byte[] payload, int checksum) {
        this.round = round;
        this.step = step;
        this.group = group;
        this.client = client;
        this.batchSize = batchSize;
        this.labels = labels;
        this.payload = payload;
        this.checksum = checksum;
    }

    /**
     * Checks the record against its checksum.
     *
     * @return this record
     * @throws RecordIntegrityException naming the record when it was damaged
     */
    public CutSmashedRecord verify() {
        int actual = Checksums.of(new int[] {round, step, group, client, batchSize}, labels, payload);
        if (actual != checksum) {
            throw new RecordIntegrityException(String.format(Locale.ROOT,
                    "CutSmashed record of client %d, round %d, step %d, group %d is damaged: checksum %08x,"
                            + " computed %08x", client, round, step, group, checksum, actual));
        }
        return this;
    }

    public int round() {
        return round;
    }

    public int step() {
        return step;
    }

    public int group() {
        return group;
    }

    public int client() {
        return client;
    }

    public int batchSize() {
        return batchSize;
    }

    /** @return the labels (not copied) */
    public int[] labels() {
        return labels;
    }

    /** @return the codec payload (not copied) */
    public byte[] payload() {
        return payload;
    }

    public int checksum() {
        return checksum;
    }

    /**
     * A copy with one payload byte flipped, as a damaged wire would deliver it (fault-injection tests).
     *
     * @param index byte to flip
     * @return the damaged copy, with the original checksum
     */
    public CutSmashedRecord withFlippedPayloadByte(int index) {
        byte[] damaged = payload.clone();
        damaged[index] ^= (byte) 0x5A;
        return new CutSmashedRecord(round, step, group, client, batchSize, labels, damaged, checksum);
    }
}
