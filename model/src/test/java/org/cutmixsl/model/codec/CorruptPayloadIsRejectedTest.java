package org.cutmixsl.model.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** A damaged payload raises a clear CorruptPayloadException: never silent garbage. */
class CorruptPayloadIsRejectedTest {

    private static byte[] small(Encoding e) {
        SplittableRandom r = new SplittableRandom(9);
        TokenSelection s = TokenCodecRoundTripTest.randomSelection(r, 3, 9, 0.5);
        return TokenCodec.encode(TokenCodecRoundTripTest.tokens(r, 3 * 9 * 5, 1), 3, 9, 5, s, e);
    }

    /** Recomputes the checksum, as an encoder that wrote a wrong field would have. */
    static byte[] resealed(byte[] p) {
        CRC32C crc = new CRC32C();
        crc.update(p, 0, p.length - 4);
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putInt(p.length - 4, (int) crc.getValue());
        return p;
    }

    private static String rejection(byte[] p) {
        return assertThrows(CorruptPayloadException.class, () -> TokenCodec.decode(p)).getMessage();
    }

    @Test
    void everySingleBitFlipIsDetected() {
        for (Encoding e : Encoding.values()) {
            byte[] good = small(e);
            TokenCodec.decode(good);
            for (int bit = 0; bit < good.length * 8; bit++) {
                byte[] bad = good.clone();
                bad[bit / 8] ^= (byte) (1 << (bit % 8));
                assertThrows(CorruptPayloadException.class, () -> TokenCodec.decode(bad), e + " bit " + bit);
                assertThrows(CorruptPayloadException.class, () -> TokenCodec.decodeInto(bad, new float[3 * 9 * 5], 0), e + " bit " + bit);
            }
        }
    }

    @Test
    void everyTruncationAndExtensionIsDetected() {
        for (Encoding e : Encoding.values()) {
            byte[] good = small(e);
            for (int len = 0; len < good.length; len++) {
                byte[] cut = java.util.Arrays.copyOf(good, len);
                assertThrows(CorruptPayloadException.class, () -> TokenCodec.decode(cut), e + " length " + len);
            }
            assertThrows(CorruptPayloadException.class, () -> TokenCodec.decode(java.util.Arrays.copyOf(good, good.length + 1)));
        }
    }

    @Test
    void messagesSayWhatIsWrong() {
        byte[] good = small(Encoding.FP16);
        int kept = TokenCodec.header(good).totalKept();
        int need = good.length;

        byte[] cut = java.util.Arrays.copyOf(good, good.length - 10);
        assertEquals("payload truncated: declared " + kept + " kept tokens of dim 5 in FP16 (batch 3, 9 patches) needs " + need + " bytes, got " + (need - 10), rejection(cut));

        byte[] longer = java.util.Arrays.copyOf(good, good.length + 2);
        assertEquals("payload too long: declared " + kept + " kept tokens of dim 5 in FP16 (batch 3, 9 patches) needs " + need + " bytes, got " + (need + 2) + " (2 trailing bytes)", rejection(longer));

        assertEquals("payload truncated: 5 bytes, shorter than the 28-byte header and checksum", rejection(new byte[5]));

        byte[] magic = good.clone();
        magic[0] = 'X';
        assertEquals("not a CutSmashed payload: magic 0x44534d58, expected 0x44534d43 (\"CMSD\")", rejection(magic));

        byte[] version = good.clone();
        version[4] = 1;
        assertEquals("unsupported payload format version 1 (this build reads version 2)", rejection(version));

        byte[] encoding = good.clone();
        encoding[5] = 9;
        assertEquals("unknown encoding id 9 (known: FP32=1, FP16=2, INT8=3)", rejection(encoding));

        byte[] flipped = good.clone();
        flipped[40] ^= 1;
        String m = rejection(flipped);
        assertTrue(m.matches("payload checksum mismatch: expected 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}"), m);
    }

    @Test
    void aSoundChecksumOverWrongIndicesStillFails() {
        // An encoder bug, not line noise: the checksum is right, the content is not.
        TokenSelection s = TokenSelection.of(9, new int[][] {{1, 4}, {0}, {2, 3, 8}});
        byte[] p = TokenCodec.encode(new float[3 * 9 * 2], 3, 9, 2, s, Encoding.FP32);
        int indices = 24 + 2 * 3;

        byte[] descending = p.clone();
        descending[indices] = 4;
        descending[indices + 1] = 1;
        assertEquals("sample 0: patch index 1 after 4 (indices must be strictly ascending)", rejection(resealed(descending)));

        byte[] outside = p.clone();
        outside[indices + 5] = 9;
        assertEquals("sample 2: patch index 9 is not below the 9 patches", rejection(resealed(outside)));

        byte[] counts = p.clone();
        counts[24] = 3; // sample 0 claims 3, total stays 6
        counts[26] = 0;
        assertEquals("sample 0: patch index 0 after 4 (indices must be strictly ascending)", rejection(resealed(counts)));

        byte[] sum = p.clone();
        sum[28] = 2; // sample 2 claims 2: counts add up to 5, header says 6
        assertEquals("per-sample counts add up to 5, but the header declares 6 kept tokens", rejection(resealed(sum)));

        byte[] tooMany = p.clone();
        tooMany[24] = 10;
        assertEquals("sample 0 declares 10 kept tokens, but there are only 9 patches", rejection(resealed(tooMany)));
    }

    @Test
    void aBadInt8ScaleFails() {
        TokenSelection s = TokenSelection.all(1, 2);
        byte[] p = TokenCodec.encode(new float[] {1, 2, 3, 4}, 1, 2, 2, s, Encoding.INT8);
        int scales = 24 + 2; // one count, no indices for a full sample
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putFloat(scales + 4, Float.NaN);
        assertEquals("kept token 1 has an invalid INT8 scale NaN", rejection(resealed(p)));
    }
}
