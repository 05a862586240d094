package org.cutmixsl.data.shares;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ShareHeatmapStaysReadable {

    private static final List<String> CLASSES = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

    private static int[][] diagonal(int clients, int count) {
        int[][] counts = new int[clients][10];
        for (int c = 0; c < clients; c++) {
            counts[c][c % 10] = count;
        }
        return counts;
    }

    @Test
    void tenAndFiveHundredClientsGiveSensibleSizes() {
        BufferedImage ten = ShareHeatmap.render(diagonal(10, 600), CLASSES, "ten");
        BufferedImage many = ShareHeatmap.render(diagonal(500, 120), CLASSES, "five hundred");
        for (BufferedImage image : new BufferedImage[] {ten, many}) {
            assertTrue(image.getWidth() >= 400 && image.getWidth() <= 1600, "width " + image.getWidth());
            assertTrue(image.getHeight() >= 250 && image.getHeight() <= 500, "height " + image.getHeight());
        }
    }

    @Test
    void fullAndEmptyCellsGetTheEndsOfTheScale() {
        // Ten clients: cells are 60 px wide, rows 26 px high; find the plot by the full cell of client 0, class 0.
        BufferedImage image = ShareHeatmap.render(diagonal(10, 600), CLASSES, "t");
        int yellow = ShareHeatmap.colour(1).getRGB();
        int dark = ShareHeatmap.colour(0).getRGB();
        int full = 0;
        int empty = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                full += rgb == yellow ? 1 : 0;
                empty += rgb == dark ? 1 : 0;
            }
        }
        // 10 full cells of 60 × 26, plus the top of the colour bar; 90 empty cells, plus its bottom.
        assertTrue(full >= 10 * 60 * 26 && full < 10 * 60 * 26 + 22 * 3, "full pixels " + full);
        assertTrue(empty >= 90 * 60 * 26 && empty < 90 * 60 * 26 + 22 * 3, "empty pixels " + empty);
        assertNotEquals(yellow, dark);
    }

    @Test
    void sameCountsSameBytes() throws Exception {
        assertArrayEquals(png(ShareHeatmap.render(diagonal(30, 5), CLASSES, "x")),
                png(ShareHeatmap.render(diagonal(30, 5), CLASSES, "x")));
    }

    private static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}
