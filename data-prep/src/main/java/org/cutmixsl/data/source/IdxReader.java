package org.cutmixsl.data.source;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: an images file (magic {@code 0x00000803}: count, rows,
 * columns, then one unsigned byte per pixel) and a labels file (magic {@code 0x00000801}: count, then one
 * unsigned byte per label), each gzipped or plain. Gzip is recognised by its first two bytes, not by the file
 * name. Every header field is checked, and a file that ends early or holds more than its header announces is
 * rejected with an {@link InvalidSourceException} naming the file.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /**
     * Reads an images file and its labels file into one set of single-channel images.
     *
     * @param imagesFile IDX images file, gzipped or plain
     * @param labelsFile IDX labels file, gzipped or plain
     * @param height image height the header must announce
     * @param width image width the header must announce
     * @param numClasses labels must lie in {@code [0, numClasses)}
     * @return the images, HWC with one channel
     * @throws InvalidSourceException if either file is malformed or they disagree
     */
    public static LabeledImages read(Path imagesFile, Path labelsFile, int height, int width, int numClasses) {
        byte[] pixels = readImages(imagesFile, height, width);
        int[] labels = readLabels(labelsFile, numClasses);
        int images = pixels.length / (height * width);
        if (images != labels.length) {
            throw new InvalidSourceException(labelsFile, "holds " + labels.length + " labels but the images file "
                    + imagesFile + " holds " + images + " images; image and label counts must be equal");
        }
        return LabeledImages.wrap(height, width, 1, numClasses, pixels, labels);
    }

    /**
     * Reads the pixels of an IDX images file.
     *
     * @param file IDX images file, gzipped or plain
     * @param height image height the header must announce
     * @param width image width the header must announce
     * @return all pixels, images concatenated
     */
    public static byte[] readImages(Path file, int height, int width) {
        try (InputStream in = open(file)) {
            int[] header = readHeader(in, file, 4, IMAGES_MAGIC, "images (unsigned bytes, 3 dimensions)");
            int count = header[1];
            if (count < 0) {
                throw new InvalidSourceException(file, "header gives a negative image count (" + count + ")");
            }
            if (header[2] != height || header[3] != width) {
                throw new InvalidSourceException(file, "header gives " + header[2] + "x" + header[3]
                        + " images, expected " + height + "x" + width);
            }
            long bytes = (long) count * height * width;
            if (bytes > Integer.MAX_VALUE - 8) {
                throw new InvalidSourceException(file, "header announces " + count + " images, more than fit in one array");
            }
            byte[] pixels = new byte[(int) bytes];
            readBody(in, file, pixels, count + " images of " + height + "x" + width);
            return pixels;
        } catch (IOException e) {
            throw new InvalidSourceException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the labels of an IDX labels file.
     *
     * @param file IDX labels file, gzipped or plain
     * @param numClasses labels must lie in {@code [0, numClasses)}
     * @return one label per item
     */
    public static int[] readLabels(Path file, int numClasses) {
        try (InputStream in = open(file)) {
            int[] header = readHeader(in, file, 2, LABELS_MAGIC, "labels (unsigned bytes, 1 dimension)");
            int count = header[1];
            if (count < 0 || count > Integer.MAX_VALUE - 8) {
                throw new InvalidSourceException(file, "header gives an impossible label count (" + count + ")");
            }
            byte[] raw = new byte[count];
            readBody(in, file, raw, count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
                if (labels[i] >= numClasses) {
                    throw new InvalidSourceException(file, "label " + labels[i] + " of item " + i
                            + " is out of range: labels must lie in [0, " + numClasses + ")");
                }
            }
            return labels;
        } catch (IOException e) {
            throw new InvalidSourceException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Opens the file, unzipping it when it starts with the gzip signature 1f 8b. */
    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            } catch (EOFException e) {
                raw.close();
                throw new InvalidSourceException(file, "truncated: the gzip stream ends inside its own header");
            }
        }
        return raw;
    }

    /** Reads the header's big-endian ints; the magic number is checked first, so a wrong file says so. */
    private static int[] readHeader(InputStream in, Path file, int fields, int magic, String what) throws IOException {
        byte[] bytes = new byte[4 * fields];
        int got = readAsMuchAsPossible(in, file, bytes);
        int[] header = new int[fields];
        for (int i = 0; i < fields; i++) {
            header[i] = ((bytes[4 * i] & 0xFF) << 24) | ((bytes[4 * i + 1] & 0xFF) << 16)
                    | ((bytes[4 * i + 2] & 0xFF) << 8) | (bytes[4 * i + 3] & 0xFF);
        }
        if (got >= 4 && header[0] != magic) {
            throw new InvalidSourceException(file, String.format(
                    "wrong magic number 0x%08x, expected 0x%08x (IDX %s)", header[0], magic, what));
        }
        if (got < bytes.length) {
            throw new InvalidSourceException(file, "truncated: the file ends after " + got + " bytes, inside the "
                    + bytes.length + "-byte header of an IDX file of " + what);
        }
        return header;
    }

    private static void readBody(InputStream in, Path file, byte[] target, String announced) throws IOException {
        int got = readAsMuchAsPossible(in, file, target);
        if (got < target.length) {
            throw new InvalidSourceException(file, "truncated: the header announces " + announced + " ("
                    + target.length + " bytes after the header) but only " + got + " bytes follow");
        }
        if (readAsMuchAsPossible(in, file, new byte[1]) > 0) {
            throw new InvalidSourceException(file, "holds more data than its header announces (" + announced + ")");
        }
    }

    /** Reads until the buffer is full or the stream ends; a gzip stream cut short counts as an end. */
    private static int readAsMuchAsPossible(InputStream in, Path file, byte[] target) throws IOException {
        int off = 0;
        try {
            while (off < target.length) {
                int n = in.read(target, off, target.length - off);
                if (n < 0) {
                    break;
                }
                off += n;
            }
        } catch (EOFException e) {
            // GZIPInputStream reports a stream cut short as EOFException ("Unexpected end of ZLIB input stream"):
            // the file is truncated, and the caller says so with the byte counts.
            return off;
        } catch (ZipException e) {
            throw new InvalidSourceException(file, "is not a valid gzip file: " + e.getMessage(), e);
        }
        return off;
    }
}
