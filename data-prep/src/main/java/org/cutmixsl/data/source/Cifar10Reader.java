package org.cutmixsl.data.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the CIFAR-10 binary format ({@code data_batch_1.bin} to {@code data_batch_5.bin}, {@code test_batch.bin}):
 * each record is one label byte followed by 3072 pixel bytes, the 32×32 red plane, then green, then blue. The
 * pixels are turned into HWC order (R, G, B interleaved per pixel), the layout every other part of the project uses.
 */
public final class Cifar10Reader {

    /** Image side in pixels. */
    public static final int SIDE = 32;
    /** Colour channels. */
    public static final int CHANNELS = 3;
    /** Pixel bytes per record. */
    public static final int IMAGE_BYTES = SIDE * SIDE * CHANNELS;
    /** Bytes per record: one label byte and the pixels. */
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    /** Number of classes. */
    public static final int CLASSES = 10;

    private Cifar10Reader() {
    }

    /**
     * Reads the given batch files, in order, into one set.
     *
     * @param files CIFAR-10 binary batch files
     * @return all their records, images in HWC order
     * @throws InvalidSourceException if a file's size is not a whole number of records or a label is out of range
     */
    public static LabeledImages read(List<Path> files) {
        long total = 0;
        for (Path file : files) {
            total += recordsIn(file);
        }
        if (total * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the CIFAR-10 files " + files + " hold " + total
                    + " records, more than fit in one array");
        }
        byte[] pixels = new byte[(int) total * IMAGE_BYTES];
        int[] labels = new int[(int) total];
        int next = 0;
        byte[] record = new byte[RECORD_BYTES];
        for (Path file : files) {
            long records = recordsIn(file);
            try (InputStream in = Files.newInputStream(file)) {
                for (long r = 0; r < records; r++) {
                    if (in.readNBytes(record, 0, RECORD_BYTES) != RECORD_BYTES) {
                        throw new InvalidSourceException(file, "truncated while reading record " + r
                                + " (the file changed while it was read?)");
                    }
                    int label = record[0] & 0xFF;
                    if (label >= CLASSES) {
                        throw new InvalidSourceException(file, "label " + label + " of record " + r
                                + " is out of range: labels must lie in [0, " + CLASSES + ")");
                    }
                    labels[next] = label;
                    toHwc(record, 1, pixels, next * IMAGE_BYTES);
                    next++;
                }
            } catch (IOException e) {
                throw new InvalidSourceException(file, "cannot be read: " + e.getMessage(), e);
            }
        }
        return LabeledImages.wrap(SIDE, SIDE, CHANNELS, CLASSES, pixels, labels);
    }

    /**
     * Reorders one image from channel-major planes (all R, all G, all B) to HWC (RGB per pixel).
     *
     * @param chw source array holding {@link #IMAGE_BYTES} bytes at {@code from}
     * @param from offset of the red plane
     * @param hwc target array
     * @param to offset of the first pixel in the target
     */
    static void toHwc(byte[] chw, int from, byte[] hwc, int to) {
        int plane = SIDE * SIDE;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < CHANNELS; c++) {
                hwc[to + p * CHANNELS + c] = chw[from + c * plane + p];
            }
        }
    }

    private static long recordsIn(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InvalidSourceException(file, "cannot be read: " + e.getMessage(), e);
        }
        if (size % RECORD_BYTES != 0) {
            throw new InvalidSourceException(file, "size " + size + " bytes is not a multiple of " + RECORD_BYTES
                    + " (each CIFAR-10 record is 1 label byte and " + IMAGE_BYTES + " pixel bytes)");
        }
        return size / RECORD_BYTES;
    }
}
