package org.cutmixsl.data.source;

import java.util.Arrays;

/**
 * A set of labelled images held in memory: {@code count} images of {@code height × width × channels} unsigned
 * bytes each, stored HWC (row, column, channel) and concatenated, with one label in {@code [0, numClasses)} per
 * image. Immutable: the public constructor copies its arrays and accessors never hand out the internal ones.
 */
public final class LabeledImages {

    private final int count;
    private final int height;
    private final int width;
    private final int channels;
    private final int numClasses;
    private final byte[] pixels;
    private final int[] labels;

    /**
     * Builds a set from copies of the given arrays.
     *
     * @param height image height in pixels, at least 1
     * @param width image width in pixels, at least 1
     * @param channels channels per pixel, at least 1
     * @param numClasses number of classes, at least 1; every label must lie in {@code [0, numClasses)}
     * @param pixels {@code labels.length × height × width × channels} bytes, HWC per image
     * @param labels one label per image
     * @throws IllegalArgumentException if the sizes disagree or a label is out of range
     */
    public LabeledImages(int height, int width, int channels, int numClasses, byte[] pixels, int[] labels) {
        this(height, width, channels, numClasses, pixels.clone(), labels.clone(), true);
    }

    // Readers hand over freshly allocated arrays that nobody else holds, so there is nothing to copy.
    private LabeledImages(int height, int width, int channels, int numClasses, byte[] pixels, int[] labels,
                          boolean owned) {
        if (height < 1 || width < 1 || channels < 1 || numClasses < 1) {
            throw new IllegalArgumentException("image shape " + height + "x" + width + "x" + channels
                    + " and " + numClasses + " classes: every dimension must be at least 1");
        }
        long imageBytes = (long) height * width * channels;
        if (pixels.length != imageBytes * labels.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + imageBytes * labels.length
                    + " pixel bytes, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        this.count = labels.length;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.numClasses = numClasses;
        this.pixels = pixels;
        this.labels = labels;
    }

    /** Wraps arrays that the caller gives up; for the readers of this package only. */
    static LabeledImages wrap(int height, int width, int channels, int numClasses, byte[] pixels, int[] labels) {
        return new LabeledImages(height, width, channels, numClasses, pixels, labels, true);
    }

    /** @return number of images */
    public int count() {
        return count;
    }

    /** @return image height in pixels */
    public int height() {
        return height;
    }

    /** @return image width in pixels */
    public int width() {
        return width;
    }

    /** @return channels per pixel (1 for grey, 3 for RGB) */
    public int channels() {
        return channels;
    }

    /** @return number of classes */
    public int numClasses() {
        return numClasses;
    }

    /** @return bytes per image, {@code height × width × channels} */
    public int imageBytes() {
        return height * width * channels;
    }

    /**
     * @param index image index in {@code [0, count)}
     * @return that image's label
     */
    public int label(int index) {
        return labels[index];
    }

    /** @return a copy of all labels, in image order */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * @param index image index in {@code [0, count)}
     * @return a copy of that image's HWC bytes
     */
    public byte[] image(int index) {
        int size = imageBytes();
        return Arrays.copyOfRange(pixels, index * size, (index + 1) * size);
    }

    /** @return a copy of all pixels, HWC per image, images concatenated */
    public byte[] pixels() {
        return pixels.clone();
    }

    /** @return how many images carry each label, indexed by label */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
