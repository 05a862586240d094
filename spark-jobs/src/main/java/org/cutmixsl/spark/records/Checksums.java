package org.cutmixsl.spark.records;

import java.util.zip.CRC32C;

/** CRC32C over a record's identifying fields, its labels and its payload. */
final class Checksums {

    private Checksums() {}

    static int of(int[] header, int[] labels, byte[] payload) {
        CRC32C crc = new CRC32C();
        for (int v : header) {
            update(crc, v);
        }
        if (labels != null) {
            update(crc, labels.length);
            for (int v : labels) {
                update(crc, v);
            }
        } else {
            update(crc, -1);
        }
        crc.update(payload, 0, payload.length);
        return (int) crc.getValue();
    }

    private static void update(CRC32C crc, int v) {
        crc.update(v >>> 24);
        crc.update(v >>> 16);
        crc.update(v >>> 8);
        crc.update(v);
    }
}
