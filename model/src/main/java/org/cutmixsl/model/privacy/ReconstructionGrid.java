package org.cutmixsl.model.privacy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG of originals (top row) above their reconstructions (bottom row), one column per image, each image
 * scaled up by nearest neighbour so that 28×28 images are visible, with white separator lines around and
 * between the images. Grayscale images are drawn as grey RGB. Only {@link BufferedImage} and {@link ImageIO}
 * are used, which need no display; the same input gives the same bytes.
 */
public final class ReconstructionGrid {

    /** Default enlargement. */
    public static final int DEFAULT_SCALE = 3;
    /** Default separator width in pixels. */
    public static final int DEFAULT_SEPARATOR = 2;
    /** Colour of the separators (white). */
    public static final int SEPARATOR_RGB = 0xFFFFFF;

    private ReconstructionGrid() {}

    /**
     * Renders the grid as PNG bytes.
     *
     * @param originals count·H·W·C values in [0, 1] (clamped), HWC, image after image
     * @param reconstructions the same layout
     * @param count images per row
     * @param height H
     * @param width W
     * @param channels 1 (grey) or 3 (RGB)
     * @param scale enlargement factor ≥ 1
     * @param separator separator width in pixels ≥ 0
     * @return the PNG file's bytes
     */
    public static byte[] png(float[] originals, float[] reconstructions, int count, int height, int width,
                             int channels, int scale, int separator) {
        BufferedImage image = render(originals, reconstructions, count, height, width, channels, scale, separator);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the grid to a PNG file with the default scale and separator.
     *
     * @param file where to write (replaced if present)
     * @param originals count·H·W·C values in [0, 1], HWC
     * @param reconstructions the same layout
     * @param count images per row
     * @param height H
     * @param width W
     * @param channels 1 or 3
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, float[] originals, float[] reconstructions, int count, int height, int width,
                             int channels) throws IOException {
        Files.write(file, png(originals, reconstructions, count, height, width, channels, DEFAULT_SCALE,
                DEFAULT_SEPARATOR));
    }

    /**
     * The grid as an image: width count·(W·scale + sep) + sep, height 2·(H·scale) + 3·sep.
     *
     * @param originals count·H·W·C values in [0, 1], HWC
     * @param reconstructions the same layout
     * @param count images per row
     * @param height H
     * @param width W
     * @param channels 1 or 3
     * @param scale enlargement ≥ 1
     * @param separator separator width ≥ 0
     * @return an RGB image
     */
    public static BufferedImage render(float[] originals, float[] reconstructions, int count, int height, int width,
                                       int channels, int scale, int separator) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("reconstruction grid: " + channels + " channels; expected 1 or 3");
        }
        if (count <= 0 || height <= 0 || width <= 0 || scale < 1 || separator < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "reconstruction grid: %d images of %dx%d, scale %d, separator %d; expected positive sizes,"
                            + " scale ≥ 1 and separator ≥ 0", count, height, width, scale, separator));
        }
        long values = (long) count * height * width * channels;
        if (originals.length != values || reconstructions.length != values) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "reconstruction grid: %d originals and %d reconstructed values for %d images of %dx%dx%d (%d)",
                    originals.length, reconstructions.length, count, height, width, channels, values));
        }
        int cellW = width * scale;
        int cellH = height * scale;
        BufferedImage image = new BufferedImage(count * (cellW + separator) + separator, 2 * cellH + 3 * separator,
                BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, SEPARATOR_RGB);
            }
        }
        for (int row = 0; row < 2; row++) {
            float[] source = row == 0 ? originals : reconstructions;
            int top = separator + row * (cellH + separator);
            for (int n = 0; n < count; n++) {
                int left = separator + n * (cellW + separator);
                int base = n * height * width * channels;
                for (int r = 0; r < height; r++) {
                    for (int c = 0; c < width; c++) {
                        int at = base + (r * width + c) * channels;
                        int rgb = channels == 1
                                ? grey(level(source[at]))
                                : (level(source[at]) << 16) | (level(source[at + 1]) << 8) | level(source[at + 2]);
                        for (int dy = 0; dy < scale; dy++) {
                            for (int dx = 0; dx < scale; dx++) {
                                image.setRGB(left + c * scale + dx, top + r * scale + dy, rgb);
                            }
                        }
                    }
                }
            }
        }
        return image;
    }

    /** @return the 8-bit level of a value in [0, 1], clamped and rounded; NaN is drawn black */
    static int level(float value) {
        if (!(value > 0f)) {
            return 0;
        }
        return value >= 1f ? 255 : Math.round(value * 255f);
    }

    private static int grey(int level) {
        return (level << 16) | (level << 8) | level;
    }
}
