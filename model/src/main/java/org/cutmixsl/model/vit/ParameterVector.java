package org.cutmixsl.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * All parameters of a part as one flat float vector, in the block's parameter order, with a
 * fingerprint of the layout (names and shapes). This is how parameters travel: broadcast, FedAvg on the
 * driver (plain float arithmetic), checkpoints. Bytes are little-endian with a CRC32C, so a damaged
 * checkpoint or a state of another model shape is refused instead of loaded.
 */
public final class ParameterVector {

    private static final int MAGIC = 0x50564543; // "PVEC"
    private static final int HEADER_BYTES = 4 + 8 + 4;

    private final long layout;
    private final float[] values;

    /**
     * @param layout the layout fingerprint of the block these values belong to
     * @param values the values, in parameter order
     */
    public ParameterVector(long layout, float[] values) {
        this.layout = layout;
        this.values = values;
    }

    /**
     * Reads every parameter of a block.
     *
     * @param block an initialized block
     * @return a copy of its parameters
     */
    public static ParameterVector of(Block block) {
        float[] values = new float[Math.toIntExact(size(block))];
        int offset = 0;
        for (Pair<String, Parameter> entry : block.getParameters()) {
            float[] part = entry.getValue().getArray().toFloatArray();
            System.arraycopy(part, 0, values, offset, part.length);
            offset += part.length;
        }
        return new ParameterVector(layoutOf(block), values);
    }

    /**
     * Writes these values into a block's parameters.
     *
     * @param block an initialized block of the same layout
     */
    public void loadInto(Block block) {
        long expected = layoutOf(block);
        if (expected != layout) {
            throw new IllegalArgumentException(String.format(
                    "parameter vector does not fit this block: layout %016x, block expects %016x"
                            + " (a state saved from another model shape?)", layout, expected));
        }
        int offset = 0;
        for (Pair<String, Parameter> entry : block.getParameters()) {
            NDArray array = entry.getValue().getArray();
            int n = Math.toIntExact(array.size());
            NativeArrays.write(array, values, offset);
            offset += n;
        }
    }

    /** @return the number of parameter values of a block */
    public static long size(Block block) {
        long n = 0;
        for (Pair<String, Parameter> entry : block.getParameters()) {
            n += entry.getValue().getArray().size();
        }
        return n;
    }

    /** @return a fingerprint of a block's parameter names and shapes, in order */
    public static long layoutOf(Block block) {
        long h = 0xCBF29CE484222325L;
        for (Pair<String, Parameter> entry : block.getParameters()) {
            String item = entry.getKey() + entry.getValue().getShape();
            for (byte b : item.getBytes(StandardCharsets.UTF_8)) {
                h = (h ^ b) * 0x100000001B3L;
            }
        }
        return h;
    }

    /** @return the layout fingerprint */
    public long layout() {
        return layout;
    }

    /** @return the values (not copied: callers that keep them must not modify them) */
    public float[] values() {
        return values;
    }

    /** @return the values as bytes: magic, layout, count, floats, CRC32C */
    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + 4 * values.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).putLong(layout).putInt(values.length);
        buffer.asFloatBuffer().put(values);
        buffer.position(buffer.position() + 4 * values.length);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        return buffer.array();
    }

    /**
     * Parses bytes written by {@link #toBytes()}.
     *
     * @param bytes the bytes
     * @return the vector
     * @throws IllegalArgumentException when the bytes are not a parameter vector or are damaged
     */
    public static ParameterVector fromBytes(byte[] bytes) {
        if (bytes.length < HEADER_BYTES + 4) {
            throw new IllegalArgumentException("parameter bytes truncated: " + bytes.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int magic = buffer.getInt();
        if (magic != MAGIC) {
            throw new IllegalArgumentException(String.format("not a parameter vector: magic %08x", magic));
        }
        long layout = buffer.getLong();
        int count = buffer.getInt();
        long expectedLength = HEADER_BYTES + 4L * count + 4;
        if (count < 0 || bytes.length != expectedLength) {
            throw new IllegalArgumentException("parameter bytes truncated or padded: " + count
                    + " values need " + expectedLength + " bytes, got " + bytes.length);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IllegalArgumentException(String.format(
                    "parameter bytes damaged: checksum %08x, computed %08x", stored, (int) crc.getValue()));
        }
        float[] values = new float[count];
        buffer.asFloatBuffer().get(values);
        return new ParameterVector(layout, values);
    }
}
