package org.cutmixsl.data.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small source files in the real formats (IDX, CIFAR-10 binary), with pixels that are a known function of
 * the image index, so that tests can check every byte that comes back.
 */
public final class SyntheticSources {

    /** Magic number of IDX image files. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of IDX label files. */
    public static final int LABELS_MAGIC = 0x00000801;

    private SyntheticSources() {
    }

    /**
     * @param index image index
     * @param offset byte offset inside the image
     * @return the pixel value synthetic sources hold there
     */
    public static byte pixel(int index, int offset) {
        return (byte) (index * 31 + offset * 7 + (index >> 3));
    }

    /**
     * @param count number of labels
     * @param numClasses number of classes
     * @return balanced labels {@code i % numClasses}, shuffled deterministically so classes interleave unevenly
     */
    public static int[] labels(int count, int numClasses) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (int) (((long) i * 7919) % count) % numClasses;
        }
        return labels;
    }

    /**
     * @param count images
     * @param imageBytes bytes per image
     * @return pixels of images {@code 0..count-1}, from {@link #pixel}
     */
    public static byte[] pixels(int count, int imageBytes) {
        byte[] pixels = new byte[count * imageBytes];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < imageBytes; j++) {
                pixels[i * imageBytes + j] = pixel(i, j);
            }
        }
        return pixels;
    }

    /**
     * Writes an IDX images file.
     *
     * @param file target
     * @param magic magic number to write
     * @param count count to announce in the header
     * @param rows rows to announce
     * @param cols columns to announce
     * @param pixels the body
     * @param gzip whether to gzip the file
     */
    public static void idxImages(Path file, int magic, int count, int rows, int cols, byte[] pixels, boolean gzip)
            throws IOException {
        ByteBuffer header = ByteBuffer.allocate(16).putInt(magic).putInt(count).putInt(rows).putInt(cols);
        write(file, concat(header.array(), pixels), gzip);
    }

    /**
     * Writes an IDX labels file.
     *
     * @param file target
     * @param magic magic number to write
     * @param labels the labels, one byte each
     * @param gzip whether to gzip the file
     */
    public static void idxLabels(Path file, int magic, int[] labels, boolean gzip) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(8).putInt(magic).putInt(labels.length);
        byte[] body = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            body[i] = (byte) labels[i];
        }
        write(file, concat(header.array(), body), gzip);
    }

    /**
     * Writes a complete 28×28 IDX source directory (Fashion-MNIST's or MNIST's file names), gzipped.
     *
     * @param dir target directory, created if missing
     * @param train training images
     * @param test test images
     */
    public static void idxDataset(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        idxImages(dir.resolve("train-images-idx3-ubyte.gz"), IMAGES_MAGIC, train, 28, 28, pixels(train, 784), true);
        idxLabels(dir.resolve("train-labels-idx1-ubyte.gz"), LABELS_MAGIC, labels(train, 10), true);
        idxImages(dir.resolve("t10k-images-idx3-ubyte.gz"), IMAGES_MAGIC, test, 28, 28, pixels(test, 784), true);
        idxLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"), LABELS_MAGIC, labels(test, 10), true);
    }

    /**
     * Writes one CIFAR-10 batch file: per record a label byte, then the red, green and blue 32×32 planes.
     *
     * @param file target
     * @param labels one label per record (written as given, even when out of range)
     * @param firstIndex index of the first record, for {@link #pixel}
     * @return the HWC pixels the reader must produce for these records
     */
    public static byte[] cifarBatch(Path file, int[] labels, int firstIndex) throws IOException {
        int plane = 32 * 32;
        byte[] content = new byte[labels.length * (1 + 3 * plane)];
        byte[] hwc = new byte[labels.length * 3 * plane];
        for (int r = 0; r < labels.length; r++) {
            int base = r * (1 + 3 * plane);
            content[base] = (byte) labels[r];
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    byte value = pixel(firstIndex + r, p * 3 + c);
                    content[base + 1 + c * plane + p] = value;
                    hwc[r * 3 * plane + p * 3 + c] = value;
                }
            }
        }
        Files.write(file, content);
        return hwc;
    }

    /**
     * Writes a complete CIFAR-10 source directory.
     *
     * @param dir target directory, created if missing
     * @param perTrainBatch records in each of the five training batches
     * @param test records in the test batch
     */
    public static void cifarDataset(Path dir, int perTrainBatch, int test) throws IOException {
        Files.createDirectories(dir);
        for (int b = 1; b <= 5; b++) {
            cifarBatch(dir.resolve("data_batch_" + b + ".bin"), labels(perTrainBatch, 10), (b - 1) * perTrainBatch);
        }
        cifarBatch(dir.resolve("test_batch.bin"), labels(test, 10), 0);
    }

    /**
     * Cuts bytes off the end of a file.
     *
     * @param file the file
     * @param keep bytes to keep
     */
    public static void truncate(Path file, int keep) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, keep));
    }

    /**
     * @param out an output directory that should not exist
     * @return whether it, or any temporary or set-aside sibling of it, exists
     */
    public static boolean anythingWritten(Path out) throws IOException {
        if (Files.exists(out)) {
            return true;
        }
        if (!Files.isDirectory(out.getParent())) {
            return false;
        }
        String prefix = "." + out.getFileName() + ".";
        try (Stream<Path> siblings = Files.list(out.getParent())) {
            return siblings.anyMatch(p -> p.getFileName().toString().startsWith(prefix));
        }
    }

    /**
     * @param out an output directory
     * @return whether any temporary or set-aside sibling of it exists
     */
    public static boolean leftovers(Path out) throws IOException {
        String prefix = "." + out.getFileName() + ".";
        try (Stream<Path> siblings = Files.list(out.getParent())) {
            return siblings.anyMatch(p -> p.getFileName().toString().startsWith(prefix));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static void write(Path file, byte[] content, boolean gzip) throws IOException {
        if (!gzip) {
            Files.write(file, content);
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        Files.write(file, bytes.toByteArray());
    }
}
