package org.cutmixsl.model.codec;

/**
 * How token values are stored in a payload. The byte {@link #id()} is what the payload records, so it must never
 * change for an existing constant (ordinals may).
 */
public enum Encoding {
    /** IEEE binary32, little-endian: exact. */
    FP32(1, 4),
    /** IEEE binary16, little-endian, round-to-nearest-even: the default for every method. */
    FP16(2, 2),
    /** Signed bytes in −127..127 times a per-token scale (the token's max |x| / 127). */
    INT8(3, 1);

    private final int id;
    private final int bytesPerValue;

    Encoding(int id, int bytesPerValue) {
        this.id = id;
        this.bytesPerValue = bytesPerValue;
    }

    /** The stable id written in payloads. */
    public int id() {
        return id;
    }

    /** Bytes per token value (scales of {@link #INT8} not included). */
    public int bytesPerValue() {
        return bytesPerValue;
    }

    /** The encoding with the given payload id, or null when there is none. */
    public static Encoding fromId(int id) {
        for (Encoding e : values()) {
            if (e.id == id) {
                return e;
            }
        }
        return null;
    }
}
