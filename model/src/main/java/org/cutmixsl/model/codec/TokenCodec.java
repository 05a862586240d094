package org.cutmixsl.model.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Encodes kept patch tokens into a CutSmashed payload and decodes them back (SPEC section 2); the server's gradient
 * download uses the same format.
 *
 * <h2>Payload format, version 2 (all numbers little-endian)</h2>
 * <pre>
 *  offset  size            field
 *  0       4               magic "CMSD"
 *  4       1               format version (2)
 *  5       1               encoding id ({@link Encoding#id()})
 *  6       1               FP16 only: scale exponent e, signed (−113..127); the values stored are x·2^e. 0 for FP32
 *                          and INT8
 *  7       1               reserved, 0
 *  8       4               B, samples (≥ 1)
 *  12      4               P, patches per sample (1..65535)
 *  16      4               D, token width (≥ 1)
 *  20      4               kept tokens over all samples (0..B·P)
 *  24      2·B             kept tokens per sample, u16
 *  ..      L or 2·L        kept patch indices, ascending, of every sample that keeps fewer than P tokens
 *                          (a sample keeping all P lists none: they are 0..P−1); u8 when P ≤ 256, else u16
 *  ..      4·K             INT8 only: per-token scale, f32 (max |x| / 127; 0 for a zero token)
 *  ..      K·D·bytes       the values, row by row
 *  end−4   4               CRC32C of every byte before it
 * </pre>
 * K is the number of kept tokens and L ≤ K the number of listed indices. Full smashed data (SL, PSL, SFL, MixSL)
 * thus carries no indices at all, and is encoded and decoded as one contiguous run.
 *
 * <p><b>The FP16 scale.</b> An FP16 payload is stored as x·2^e with one power-of-two exponent e for the whole
 * payload, chosen so that its largest |x| lands in (32752, 65504], within a factor of two of fp16's largest finite
 * value and never above it: no overflow, and values down to 2^−24 of the largest keep fp16's normal relative
 * precision (2^−11). Gradients of a mean loss over hundreds of samples (|x| around 1e−7 to 1e−4) would otherwise be
 * fp16 subnormals or zeros. Multiplying by a power of two is exact, so decoding divides e out exactly
 * (x·2^e·2^−e). A payload of zeros, or one holding an infinity or NaN, has e = 0. Version 1 payloads (no scale) are
 * refused.
 *
 * <p>Decoding checks all of it (magic, version, encoding, lengths exactly matching the declared shape, the checksum,
 * counts, indices) and throws {@link CorruptPayloadException} naming what is wrong: a damaged payload never decodes
 * to numbers.
 *
 * <p>Values go through {@link Kernels#ACTIVE}: the Vector API when the JVM has {@code jdk.incubator.vector}, scalar
 * code otherwise, with identical bits either way.
 */
public final class TokenCodec {

    /** "CMSD" read as a little-endian int. */
    public static final int MAGIC = 'C' | 'M' << 8 | 'S' << 16 | 'D' << 24;
    /** The format version this build writes and reads. */
    public static final int VERSION = 2;
    /** The fixed header, before the per-sample counts. */
    public static final int HEADER_BYTES = 24;
    /** The checksum trailer. */
    public static final int CHECKSUM_BYTES = 4;
    /** The largest patch count the u16 counts and indices can describe. */
    public static final int MAX_PATCHES = 65535;
    /**
     * An INT8 token whose max |x| is below this (2^-100) is stored as zero: its scale would underflow and 127 / max
     * overflow. Far below anything a float32 network produces that matters.
     */
    public static final float INT8_ZERO_BELOW = 0x1.0p-100f;
    /** The largest FP16 scale exponent: payloads whose max |x| is below 2^−112 are lifted by 2^127 only. */
    public static final int MAX_SCALE_EXPONENT = 127;
    /** The smallest FP16 scale exponent, that of a max |x| near Float.MAX_VALUE. */
    public static final int MIN_SCALE_EXPONENT = -113;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final Kernels K = Kernels.ACTIVE;

    private TokenCodec() {
    }

    /** The conversion kernels this JVM uses ("vector-512", "vector-256" or "scalar"). */
    public static String kernels() {
        return K.name();
    }

    /** The exact payload length for a selection of tokens of width {@code dim} in an encoding. */
    public static int encodedLength(TokenSelection kept, int dim, Encoding enc) {
        long n = layoutLength(kept.batch(), kept.patches(), dim, kept.totalKept(), listed(kept), enc);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("payload for " + kept + " of dim " + dim + " in " + enc + " would need " + n + " bytes");
        }
        return (int) n;
    }

    /**
     * Encodes the kept tokens of a full (B, P, D) row-major batch: the gather of each client's kept tokens and their
     * encoding in one pass.
     */
    public static byte[] encode(float[] tokens, int batch, int patches, int dim, TokenSelection kept, Encoding enc) {
        return encode(tokens, 0, batch, patches, dim, kept, enc);
    }

    /** As {@link #encode(float[], int, int, int, TokenSelection, Encoding)}, for a batch starting at {@code offset}. */
    public static byte[] encode(float[] tokens, int offset, int batch, int patches, int dim, TokenSelection kept, Encoding enc) {
        checkShape(kept, batch, patches, dim, enc);
        byte[] out = new byte[encodedLength(kept, dim, enc)];
        encodeInto(tokens, offset, batch, patches, dim, kept, enc, out);
        return out;
    }

    /**
     * As {@link #encode(float[], int, int, int, TokenSelection, Encoding)}, into a caller's buffer of exactly
     * {@link #encodedLength} bytes, whatever it held before: for loops that reuse one buffer per shape (and for
     * measuring the codec without the allocator).
     */
    public static void encodeInto(float[] tokens, int offset, int batch, int patches, int dim, TokenSelection kept, Encoding enc, byte[] out) {
        checkShape(kept, batch, patches, dim, enc);
        long need = (long) batch * patches * dim;
        if (offset < 0 || offset + need > tokens.length) {
            throw new IllegalArgumentException("tokens hold " + tokens.length + " floats; a (" + batch + ", " + patches + ", " + dim
                    + ") batch at offset " + offset + " needs " + need);
        }
        int length = encodedLength(kept, dim, enc);
        if (out.length != length) {
            throw new IllegalArgumentException("output buffer has " + out.length + " bytes, the payload needs exactly " + length);
        }
        int exponent = enc == Encoding.FP16 ? scaleExponent(keptMaxAbs(tokens, offset, patches, dim, kept)) : 0;
        Layout at = writeHeader(out, enc, batch, patches, dim, kept, exponent);
        if (enc == Encoding.INT8) {
            for (int b = 0; b < batch; b++) {
                for (int r = kept.offset(b); r < kept.offset(b + 1); r++) {
                    int src = offset + (b * patches + kept.patchAt(r)) * dim;
                    encodeInt8Row(tokens, src, dim, out, at, r, b, kept.patchAt(r));
                }
            }
        } else {
            // Consecutive kept patches are consecutive in memory: copy runs, not rows. A full sample is one run, and
            // with everything kept the whole batch is.
            Runs runs = new Runs();
            for (int b = 0; b < batch; b++) {
                int c = kept.count(b);
                if (c == patches) {
                    runs.add(b * patches, kept.offset(b), patches, tokens, offset, out, at);
                } else {
                    for (int r = kept.offset(b); r < kept.offset(b + 1); r++) {
                        runs.add(b * patches + kept.patchAt(r), r, 1, tokens, offset, out, at);
                    }
                }
            }
            runs.flushEncode(tokens, offset, out, at);
        }
        seal(out);
    }

    /**
     * Encodes tokens already in compact row order ({@code kept.totalKept() × dim} floats, see {@link TokenSelection}):
     * the downlink, where the server has gathered each client's gradient rows.
     */
    public static byte[] encodeCompact(float[] keptRows, int dim, TokenSelection kept, Encoding enc) {
        checkShape(kept, kept.batch(), kept.patches(), dim, enc);
        long need = (long) kept.totalKept() * dim;
        if (keptRows.length != need) {
            throw new IllegalArgumentException("compact rows hold " + keptRows.length + " floats; " + kept.totalKept() + " kept tokens of dim " + dim + " are " + need);
        }
        byte[] out = new byte[encodedLength(kept, dim, enc)];
        int exponent = enc == Encoding.FP16 ? scaleExponent(K.maxAbs(keptRows, 0, keptRows.length)) : 0;
        Layout at = writeHeader(out, enc, kept.batch(), kept.patches(), dim, kept, exponent);
        if (enc == Encoding.INT8) {
            for (int b = 0; b < kept.batch(); b++) {
                for (int r = kept.offset(b); r < kept.offset(b + 1); r++) {
                    encodeInt8Row(keptRows, r * dim, dim, out, at, r, b, kept.patchAt(r));
                }
            }
        } else {
            encodeValues(keptRows, 0, out, at, 0, keptRows.length);
        }
        seal(out);
        return out;
    }

    /**
     * Reads and checks the header, the per-sample counts and the length, without the checksum or the indices: a
     * cheap look at what a payload claims to be. {@link #decode} and {@link #decodeInto} check everything.
     */
    public static PayloadHeader header(byte[] payload) {
        return parse(payload).header();
    }

    /** Decodes a payload after checking all of it. */
    public static DecodedTokens decode(byte[] payload) {
        Layout at = verify(payload);
        int[] counts = new int[at.batch];
        int[] flat = new int[at.total];
        int r = 0;
        int ix = 0;
        for (int b = 0; b < at.batch; b++) {
            int c = count(payload, at, b);
            counts[b] = c;
            if (c == at.patches) {
                for (int i = 0; i < c; i++) {
                    flat[r++] = i;
                }
            } else {
                for (int j = 0; j < c; j++) {
                    flat[r++] = index(payload, at, ix++);
                }
            }
        }
        TokenSelection sel = TokenSelection.ofFlat(at.patches, counts, flat);
        float[] rows = new float[Math.multiplyExact(at.total, at.dim)];
        if (at.encoding == Encoding.INT8) {
            for (r = 0; r < at.total; r++) {
                K.decodeI8(payload, at.values + r * at.dim, scale(payload, at, r), rows, r * at.dim, at.dim);
            }
        } else {
            decodeValues(payload, at, 0, rows, 0, rows.length);
        }
        return new DecodedTokens(at.header(), sel, rows);
    }

    /**
     * Decodes a payload straight into a (B, P, D) row-major batch starting at {@code destOffset}: each kept token is
     * written at its (sample, patch) position and nothing else is touched. The scatter of the received tokens and
     * their decoding in one pass: what a client does with its gradient (zeros where it sent nothing).
     */
    public static PayloadHeader decodeInto(byte[] payload, float[] dest, int destOffset) {
        return decodeInto(payload, dest, destOffset, null);
    }

    /**
     * As {@link #decodeInto(byte[], float[], int)}, but first requires the payload's selection to equal
     * {@code expected} (when not null): nothing is written when it differs.
     *
     * @throws SelectionMismatchException when the payload keeps other tokens than {@code expected}
     */
    public static PayloadHeader decodeInto(byte[] payload, float[] dest, int destOffset, TokenSelection expected) {
        Layout at = verify(payload);
        if (expected != null) {
            requireSelection(payload, at, expected);
        }
        long need = (long) at.batch * at.patches * at.dim;
        if (destOffset < 0 || destOffset + need > dest.length) {
            throw new IllegalArgumentException("destination holds " + dest.length + " floats; the payload's (" + at.batch + ", "
                    + at.patches + ", " + at.dim + ") batch at offset " + destOffset + " needs " + need);
        }
        int d = at.dim;
        int p = at.patches;
        int r = 0;
        int ix = 0;
        if (at.encoding == Encoding.INT8) {
            for (int b = 0; b < at.batch; b++) {
                int c = count(payload, at, b);
                for (int j = 0; j < c; j++, r++) {
                    int i = c == p ? j : index(payload, at, ix++);
                    K.decodeI8(payload, at.values + r * d, scale(payload, at, r), dest, destOffset + (b * p + i) * d, d);
                }
            }
        } else {
            Runs runs = new Runs();
            for (int b = 0; b < at.batch; b++) {
                int c = count(payload, at, b);
                if (c == p) {
                    runs.addDecode(b * p, r, p, payload, at, dest, destOffset);
                    r += p;
                } else {
                    for (int j = 0; j < c; j++, r++) {
                        runs.addDecode(b * p + index(payload, at, ix++), r, 1, payload, at, dest, destOffset);
                    }
                }
            }
            runs.flushDecode(payload, at, dest, destOffset);
        }
        return at.header();
    }

    /** Thrown by {@link #decodeInto(byte[], float[], int, TokenSelection)}: a sound payload for other tokens. */
    public static final class SelectionMismatchException extends IllegalArgumentException {

        SelectionMismatchException(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------------------------------------- encoding

    private static void checkShape(TokenSelection kept, int batch, int patches, int dim, Encoding enc) {
        if (enc == null) {
            throw new IllegalArgumentException("encoding is required");
        }
        if (kept.batch() != batch || kept.patches() != patches) {
            throw new IllegalArgumentException("selection is for (" + kept.batch() + ", " + kept.patches() + ") but the batch is (" + batch + ", " + patches + ")");
        }
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be at least 1, got " + dim);
        }
        if (patches > MAX_PATCHES) {
            throw new IllegalArgumentException("a payload holds at most " + MAX_PATCHES + " patches per sample, got " + patches);
        }
    }

    /** The number of indices a payload lists: those of the samples that keep fewer than P tokens. */
    private static int listed(TokenSelection kept) {
        int n = 0;
        for (int b = 0; b < kept.batch(); b++) {
            int c = kept.count(b);
            if (c < kept.patches()) {
                n += c;
            }
        }
        return n;
    }

    private static long layoutLength(int batch, int patches, int dim, int total, int listed, Encoding enc) {
        long n = HEADER_BYTES + 2L * batch + (long) listed * indexWidth(patches);
        if (enc == Encoding.INT8) {
            n += 4L * total;
        }
        return n + (long) total * dim * enc.bytesPerValue() + CHECKSUM_BYTES;
    }

    private static int indexWidth(int patches) {
        return patches <= 256 ? 1 : 2;
    }

    /**
     * The FP16 scale exponent of a payload whose largest |x| is {@code max}: the largest e with max·2^e ≤ 65504,
     * so max·2^e lies in (32752, 65504], at most {@link #MAX_SCALE_EXPONENT}; 0 for
     * an all-zero payload and for one holding an infinity or NaN (NaN max), which are sent as they are.
     */
    public static int scaleExponent(float max) {
        if (!(max > 0f) || !Float.isFinite(max)) {
            return 0;
        }
        int e = Math.min(MAX_SCALE_EXPONENT, Float16.MAX_EXPONENT - exponentOf(max));
        // max in [2^15, 2^16): values above 65504 would round to infinity in fp16 (from 65520), so go one lower.
        return Math.scalb(max, e) > Float16.MAX_VALUE ? e - 1 : e;
    }

    /** floor(log2 x) of a positive finite float, subnormals included. */
    private static int exponentOf(float x) {
        int e = Math.getExponent(x);
        return e >= Float.MIN_EXPONENT ? e : Math.getExponent(x * 0x1.0p64f) - 64;
    }

    /** max |x| over the kept tokens of a (B, P, D) batch (NaN if one is NaN: Math.max keeps it). */
    private static float keptMaxAbs(float[] tokens, int offset, int patches, int dim, TokenSelection kept) {
        float max = 0f;
        for (int b = 0; b < kept.batch(); b++) {
            if (kept.count(b) == patches) {
                max = Math.max(max, K.maxAbs(tokens, offset + b * patches * dim, patches * dim));
                continue;
            }
            for (int r = kept.offset(b); r < kept.offset(b + 1); r++) {
                max = Math.max(max, K.maxAbs(tokens, offset + (b * patches + kept.patchAt(r)) * dim, dim));
            }
        }
        return max;
    }

    private static Layout writeHeader(byte[] out, Encoding enc, int batch, int patches, int dim, TokenSelection kept, int exponent) {
        INT_LE.set(out, 0, MAGIC);
        out[4] = (byte) VERSION;
        out[5] = (byte) enc.id();
        out[6] = (byte) exponent;
        out[7] = 0; // a reused buffer may hold anything here
        INT_LE.set(out, 8, batch);
        INT_LE.set(out, 12, patches);
        INT_LE.set(out, 16, dim);
        INT_LE.set(out, 20, kept.totalKept());
        Layout at = new Layout(enc, batch, patches, dim, kept.totalKept(), listed(kept), out.length, exponent);
        int ix = 0;
        for (int b = 0; b < batch; b++) {
            int c = kept.count(b);
            SHORT_LE.set(out, at.counts + 2 * b, (short) c);
            if (c == patches) {
                continue;
            }
            for (int r = kept.offset(b); r < kept.offset(b + 1); r++, ix++) {
                if (at.indexWidth == 1) {
                    out[at.indices + ix] = (byte) kept.patchAt(r); // indices < P ≤ 256 fit a byte
                } else {
                    SHORT_LE.set(out, at.indices + 2 * ix, (short) kept.patchAt(r));
                }
            }
        }
        return at;
    }

    private static void encodeValues(float[] src, int srcOff, byte[] out, Layout at, int dstRow, int n) {
        if (n == 0) {
            return;
        }
        if (at.encoding == Encoding.FP16) {
            K.encodeF16(src, srcOff, at.encodeScale, out, at.values + 2 * dstRow * at.dim, n);
        } else {
            K.encodeF32(src, srcOff, out, at.values + 4 * dstRow * at.dim, n);
        }
    }

    private static void encodeInt8Row(float[] src, int srcOff, int dim, byte[] out, Layout at, int row, int sample, int patch) {
        float max = K.maxAbs(src, srcOff, dim);
        if (!Float.isFinite(max)) {
            throw new IllegalArgumentException("INT8 encoding needs finite values; the token of sample " + sample + ", patch " + patch + " has max |x| = " + max);
        }
        float scale = 0f;
        float inv = 0f;
        if (max >= INT8_ZERO_BELOW) {
            scale = max / 127f;
            inv = 127f / max;
        }
        FLOAT_LE.set(out, at.scales + 4 * row, scale);
        K.encodeI8(src, srcOff, inv, out, at.values + row * dim, dim);
    }

    private static void seal(byte[] out) {
        CRC32C crc = new CRC32C();
        crc.update(out, 0, out.length - CHECKSUM_BYTES);
        INT_LE.set(out, out.length - CHECKSUM_BYTES, (int) crc.getValue());
    }

    /**
     * Coalesces consecutive rows: a run is {@code len} rows that are consecutive both in the (B, P, D) batch
     * (from {@code batchRow}) and in the payload (from {@code payloadRow}), converted with one kernel call.
     */
    private static final class Runs {
        int batchRow = -1;
        int payloadRow;
        int len;

        void add(int row, int prow, int n, float[] tokens, int offset, byte[] out, Layout at) {
            if (row == batchRow + len) {
                len += n;
                return;
            }
            flushEncode(tokens, offset, out, at);
            batchRow = row;
            payloadRow = prow;
            len = n;
        }

        void flushEncode(float[] tokens, int offset, byte[] out, Layout at) {
            encodeValues(tokens, offset + batchRow * at.dim, out, at, payloadRow, len * at.dim);
        }

        void addDecode(int row, int prow, int n, byte[] payload, Layout at, float[] dest, int offset) {
            if (row == batchRow + len) {
                len += n;
                return;
            }
            flushDecode(payload, at, dest, offset);
            batchRow = row;
            payloadRow = prow;
            len = n;
        }

        void flushDecode(byte[] payload, Layout at, float[] dest, int offset) {
            decodeValues(payload, at, payloadRow * at.dim, dest, offset + batchRow * at.dim, len * at.dim);
        }
    }

    // ---------------------------------------------------------------------------------------------- decoding

    private static void decodeValues(byte[] payload, Layout at, int srcValue, float[] dest, int destOff, int n) {
        if (n == 0) {
            return;
        }
        if (at.encoding == Encoding.FP16) {
            K.decodeF16(payload, at.values + 2 * srcValue, at.decodeScale, dest, destOff, n);
        } else {
            K.decodeF32(payload, at.values + 4 * srcValue, dest, destOff, n);
        }
    }

    private static int count(byte[] payload, Layout at, int b) {
        return (short) SHORT_LE.get(payload, at.counts + 2 * b) & 0xffff;
    }

    /** The ix-th listed index. */
    private static int index(byte[] payload, Layout at, int ix) {
        return at.indexWidth == 1 ? payload[at.indices + ix] & 0xff : (short) SHORT_LE.get(payload, at.indices + 2 * ix) & 0xffff;
    }

    private static float scale(byte[] payload, Layout at, int r) {
        return (float) FLOAT_LE.get(payload, at.scales + 4 * r);
    }

    /** Header, counts and length: everything that can be checked before the checksum. */
    private static Layout parse(byte[] payload) {
        if (payload == null) {
            throw new CorruptPayloadException("payload is null");
        }
        int min = HEADER_BYTES + CHECKSUM_BYTES;
        if (payload.length < min) {
            throw new CorruptPayloadException("payload truncated: " + payload.length + " bytes, shorter than the " + min + "-byte header and checksum");
        }
        int magic = (int) INT_LE.get(payload, 0);
        if (magic != MAGIC) {
            throw new CorruptPayloadException(String.format("not a CutSmashed payload: magic 0x%08x, expected 0x%08x (\"CMSD\")", magic, MAGIC));
        }
        int version = payload[4] & 0xff;
        if (version != VERSION) {
            throw new CorruptPayloadException("unsupported payload format version " + version + " (this build reads version " + VERSION + ")");
        }
        Encoding enc = Encoding.fromId(payload[5] & 0xff);
        if (enc == null) {
            throw new CorruptPayloadException("unknown encoding id " + (payload[5] & 0xff) + " (known: FP32=1, FP16=2, INT8=3)");
        }
        int exponent = payload[6]; // signed
        if (enc != Encoding.FP16 && exponent != 0) {
            throw new CorruptPayloadException("scale exponent " + exponent + " in an " + enc + " payload (only FP16 payloads carry one; expected 0)");
        }
        if (exponent < MIN_SCALE_EXPONENT || exponent > MAX_SCALE_EXPONENT) {
            throw new CorruptPayloadException("FP16 scale exponent " + exponent + " outside " + MIN_SCALE_EXPONENT + ".." + MAX_SCALE_EXPONENT);
        }
        int reserved = payload[7] & 0xff;
        if (reserved != 0) {
            throw new CorruptPayloadException(String.format("reserved header byte 7 must be 0, got 0x%02x", reserved));
        }
        int batch = (int) INT_LE.get(payload, 8);
        int patches = (int) INT_LE.get(payload, 12);
        int dim = (int) INT_LE.get(payload, 16);
        int total = (int) INT_LE.get(payload, 20);
        if (batch < 1 || patches < 1 || patches > MAX_PATCHES || dim < 1) {
            throw new CorruptPayloadException("impossible shape: batch " + batch + ", patches " + patches + ", dim " + dim
                    + " (expected batch ≥ 1, 1 ≤ patches ≤ " + MAX_PATCHES + ", dim ≥ 1)");
        }
        if (total < 0 || total > (long) batch * patches) {
            throw new CorruptPayloadException("declared " + total + " kept tokens, but a batch of " + batch + " x " + patches + " patches has " + (long) batch * patches);
        }
        long countsEnd = HEADER_BYTES + 2L * batch + CHECKSUM_BYTES;
        if (payload.length < countsEnd) {
            throw new CorruptPayloadException("payload truncated: a declared batch of " + batch + " samples needs at least " + countsEnd + " bytes, got " + payload.length);
        }
        long sum = 0;
        int listed = 0;
        for (int b = 0; b < batch; b++) {
            int c = (short) SHORT_LE.get(payload, HEADER_BYTES + 2 * b) & 0xffff;
            if (c > patches) {
                throw new CorruptPayloadException("sample " + b + " declares " + c + " kept tokens, but there are only " + patches + " patches");
            }
            sum += c;
            if (c < patches) {
                listed += c;
            }
        }
        if (sum != total) {
            throw new CorruptPayloadException("per-sample counts add up to " + sum + ", but the header declares " + total + " kept tokens");
        }
        long need = layoutLength(batch, patches, dim, total, listed, enc);
        if (payload.length != need) {
            String shape = "declared " + total + " kept tokens of dim " + dim + " in " + enc + " (batch " + batch + ", " + patches + " patches) needs " + need + " bytes";
            throw new CorruptPayloadException(payload.length < need
                    ? "payload truncated: " + shape + ", got " + payload.length
                    : "payload too long: " + shape + ", got " + payload.length + " (" + (payload.length - need) + " trailing bytes)");
        }
        return new Layout(enc, batch, patches, dim, total, listed, payload.length, exponent);
    }

    /** Everything: header, counts, length, checksum, indices, scales. */
    private static Layout verify(byte[] payload) {
        Layout at = parse(payload);
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, payload.length - CHECKSUM_BYTES);
        int computed = (int) crc.getValue();
        int stored = (int) INT_LE.get(payload, payload.length - CHECKSUM_BYTES);
        if (computed != stored) {
            throw new CorruptPayloadException(String.format("payload checksum mismatch: expected 0x%08x, computed 0x%08x", stored, computed));
        }
        // A correct checksum over a payload some encoder got wrong must still not decode to garbage.
        int ix = 0;
        for (int b = 0; b < at.batch; b++) {
            int c = count(payload, at, b);
            if (c == at.patches) {
                continue;
            }
            int prev = -1;
            for (int j = 0; j < c; j++) {
                int i = index(payload, at, ix++);
                if (i >= at.patches) {
                    throw new CorruptPayloadException("sample " + b + ": patch index " + i + " is not below the " + at.patches + " patches");
                }
                if (i <= prev) {
                    throw new CorruptPayloadException("sample " + b + ": patch index " + i + " after " + prev + " (indices must be strictly ascending)");
                }
                prev = i;
            }
        }
        if (at.encoding == Encoding.INT8) {
            for (int r = 0; r < at.total; r++) {
                float s = scale(payload, at, r);
                if (!(s >= 0f) || s == Float.POSITIVE_INFINITY) {
                    throw new CorruptPayloadException("kept token " + r + " has an invalid INT8 scale " + s);
                }
            }
        }
        return at;
    }

    private static void requireSelection(byte[] payload, Layout at, TokenSelection expected) {
        if (expected.batch() != at.batch || expected.patches() != at.patches) {
            throw new SelectionMismatchException("payload is a (" + at.batch + ", " + at.patches + ") batch, expected (" + expected.batch() + ", " + expected.patches() + ")");
        }
        int ix = 0;
        for (int b = 0; b < at.batch; b++) {
            int c = count(payload, at, b);
            boolean same = c == expected.count(b);
            if (c < at.patches) {
                for (int j = 0; same && j < c; j++) {
                    same = index(payload, at, ix + j) == expected.patchAt(expected.offset(b) + j);
                }
            }
            if (!same) {
                int[] got = new int[c];
                for (int j = 0; j < c; j++) {
                    got[j] = c == at.patches ? j : index(payload, at, ix + j);
                }
                throw new SelectionMismatchException("sample " + b + ": payload keeps patches " + java.util.Arrays.toString(got)
                        + ", expected " + java.util.Arrays.toString(expected.indices(b)));
            }
            if (c < at.patches) {
                ix += c;
            }
        }
    }

    /** Where each part of a payload of a given shape lies. */
    private static final class Layout {
        final Encoding encoding;
        final int batch;
        final int patches;
        final int dim;
        final int total;
        final int length;
        final int indexWidth;
        final int counts;
        final int indices;
        final int scales;
        final int values;
        final int exponent;
        /** 2^e: what FP16 values are multiplied by before rounding. */
        final float encodeScale;
        /** 2^−e: what decoded FP16 values are multiplied by (exact). */
        final float decodeScale;

        Layout(Encoding encoding, int batch, int patches, int dim, int total, int listed, int length, int exponent) {
            this.encoding = encoding;
            this.batch = batch;
            this.patches = patches;
            this.dim = dim;
            this.total = total;
            this.length = length;
            this.indexWidth = indexWidth(patches);
            this.counts = HEADER_BYTES;
            this.indices = counts + 2 * batch;
            this.scales = indices + listed * indexWidth;
            this.values = encoding == Encoding.INT8 ? scales + 4 * total : scales;
            this.exponent = exponent;
            this.encodeScale = Math.scalb(1f, exponent);
            this.decodeScale = Math.scalb(1f, -exponent);
        }

        PayloadHeader header() {
            return new PayloadHeader(VERSION, encoding, batch, patches, dim, total, length, exponent);
        }
    }
}
