package org.cutmixsl.model.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNG grid decodes back to the expected size, with each original and reconstruction where it belongs. */
class ReconstructionGridDecodesToTheImagesItShows {

    @Test
    void grayscaleGridHasOriginalsAboveReconstructionsScaledUp() throws IOException {
        int count = 3;
        int h = 28;
        int w = 28;
        float[] originals = new float[count * h * w];
        float[] reconstructions = new float[count * h * w];
        for (int n = 0; n < count; n++) {
            for (int i = 0; i < h * w; i++) {
                originals[n * h * w + i] = ((n * 31 + i) % 256) / 255f;
                reconstructions[n * h * w + i] = 1f - originals[n * h * w + i];
            }
        }
        byte[] png = ReconstructionGrid.png(originals, reconstructions, count, h, w, 1, 3, 2);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(count * (28 * 3 + 2) + 2, image.getWidth());
        assertEquals(2 * 28 * 3 + 3 * 2, image.getHeight());

        // Separators: the first two rows and columns, and the gap between the two rows of images.
        assertEquals(0xFFFFFF, rgb(image, 0, 0));
        assertEquals(0xFFFFFF, rgb(image, 1, 50));
        assertEquals(0xFFFFFF, rgb(image, 40, 2 + 84));
        assertEquals(0xFFFFFF, rgb(image, 2 + 84, 40));

        for (int n = 0; n < count; n++) {
            for (int[] rc : new int[][] {{0, 0}, {5, 17}, {27, 27}, {13, 2}}) {
                int r = rc[0];
                int c = rc[1];
                int level = Math.round(originals[n * h * w + r * w + c] * 255f);
                int inverse = Math.round(reconstructions[n * h * w + r * w + c] * 255f);
                int left = 2 + n * (84 + 2) + c * 3;
                for (int d = 0; d < 3; d++) { // every pixel of the 3x3 block
                    assertEquals(grey(level), rgb(image, left + d, 2 + r * 3 + (2 - d)), "original " + n);
                    assertEquals(grey(inverse), rgb(image, left + (2 - d), 2 + 84 + 2 + r * 3 + d),
                            "reconstruction " + n);
                }
            }
        }
    }

    @Test
    void rgbChannelsLandInTheirPlaceAndValuesAreClamped() throws IOException {
        // One 2x1 RGB image: pixel 0 = (1, 0, 0.5), pixel 1 = (−0.3, 1.7, 0.2).
        float[] original = {1f, 0f, 0.5f, -0.3f, 1.7f, 0.2f};
        float[] reconstruction = {0f, 0f, 1f, 0.25f, 0.5f, 0.75f};
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                ReconstructionGrid.png(original, reconstruction, 1, 1, 2, 3, 2, 1)));
        assertEquals(1 + 2 * 2 + 1, image.getWidth());
        assertEquals(2 * 2 + 3, image.getHeight());
        assertEquals(0xFF0080, rgb(image, 1, 1));
        assertEquals(0xFF0080, rgb(image, 2, 2));
        assertEquals(0x00FF33, rgb(image, 3, 1));
        assertEquals(0x0000FF, rgb(image, 1, 4));
        assertEquals(0x4080BF, rgb(image, 4, 5));
        assertEquals(0xFFFFFF, rgb(image, 0, 3));
        assertEquals(0xFFFFFF, rgb(image, 2, 3));
    }

    @Test
    void sameInputGivesTheSameBytes(@TempDir Path dir) throws IOException {
        float[] a = new float[2 * 28 * 28];
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 97) / 96f;
            b[i] = (i % 13) / 12f;
        }
        byte[] first = ReconstructionGrid.png(a, b, 2, 28, 28, 1, 3, 2);
        byte[] second = ReconstructionGrid.png(a.clone(), b.clone(), 2, 28, 28, 1, 3, 2);
        assertArrayEquals(first, second);
        Path file = dir.resolve("grid.png");
        ReconstructionGrid.write(file, a, b, 2, 28, 28, 1);
        assertArrayEquals(first, Files.readAllBytes(file));
    }

    @Test
    void wrongShapesAreRefused() {
        assertEquals("reconstruction grid: 2 channels; expected 1 or 3", assertThrows(IllegalArgumentException.class,
                () -> ReconstructionGrid.png(new float[8], new float[8], 1, 2, 2, 2, 1, 1)).getMessage());
        assertEquals("reconstruction grid: 4 originals and 3 reconstructed values for 1 images of 2x2x1 (4)",
                assertThrows(IllegalArgumentException.class,
                        () -> ReconstructionGrid.png(new float[4], new float[3], 1, 2, 2, 1, 1, 1)).getMessage());
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    private static int grey(int level) {
        return (level << 16) | (level << 8) | level;
    }
}
