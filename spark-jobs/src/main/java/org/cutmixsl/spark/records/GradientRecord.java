package org.cutmixsl.spark.records;

import java.util.Locale;

/**
 * The server's answer to one client for one step: ∂L/∂S at the tokens that client sent, as a codec
 * payload, with a CRC32C over the record. Immutable.
 */
public final class GradientRecord {

    private final int round;
    private final int step;
    private final int client;
    private final byte[] payload;
    private final int checksum;

    /**
     * @param round the round
     * @param step the step within the round
     * @param client the client id
     * @param payload the codec payload of the gradient
     */
    public GradientRecord(int round, int step, int client, byte[] payload) {
        this(round, step, client, payload, Checksums.of(new int[] {round, step, client}, null, payload));
    }

    GradientRecord(int round, int step, int client, byte[] payload, int checksum) {
        this.round = round;
        this.step = step;
        this.client = client;
        this.payload = payload;
        this.checksum = checksum;
    }

    /**
     * @return this record
     * @throws RecordIntegrityException when damaged
     */
    public GradientRecord verify() {
        int actual = Checksums.of(new int[] {round, step, client}, null, payload);
        if (actual != checksum) {
            throw new RecordIntegrityException(String.format(Locale.ROOT,
                    "gradient record for client %d, round %d, step %d is damaged: checksum %08x, computed %08x",
                    client, round, step, checksum, actual));
        }
        return this;
    }

    public int round() {
        return round;
    }

    public int step() {
        return step;
    }

    public int client() {
        return client;
    }

    /** @return the codec payload (not copied) */
    public byte[] payload() {
        return payload;
    }

    public int checksum() {
        return checksum;
    }
}
