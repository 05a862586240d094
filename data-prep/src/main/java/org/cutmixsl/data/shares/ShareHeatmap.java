package org.cutmixsl.data.shares;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws the per-client class counts as a heatmap: clients along the horizontal axis, classes down the vertical
 * one, colour for the count on a linear scale from zero to the largest count (viridis: dark blue for none,
 * yellow for the most), with a colour bar. Cells shrink with the number of clients, down to one pixel, so 10
 * clients and 500 clients both give a picture a person can read.
 */
public final class ShareHeatmap {

    private static final int SCALE = 2;
    private static final int CHAR = (PixelFont.WIDTH + 1) * SCALE;
    private static final int LINE = PixelFont.HEIGHT * SCALE;
    private static final int ROW_HEIGHT = 26;
    private static final int TARGET_PLOT_WIDTH = 1000;
    private static final int MAX_CELL_WIDTH = 60;
    private static final int BAR_WIDTH = 22;
    private static final Color BACKGROUND = Color.WHITE;
    private static final Color INK = new Color(30, 30, 30);
    // Viridis at 0, 1/4, 1/2, 3/4 and 1: readable in grey and by the colour-blind.
    private static final int[][] VIRIDIS = {
        {0x44, 0x01, 0x54}, {0x3b, 0x52, 0x8b}, {0x21, 0x91, 0x8c}, {0x5e, 0xc9, 0x62}, {0xfd, 0xe7, 0x25}};

    private ShareHeatmap() {
    }

    /**
     * @param classCounts per client, the count of each class
     * @param classNames one name per class, drawn along the vertical axis
     * @param title drawn above the map
     * @return the picture
     */
    public static BufferedImage render(int[][] classCounts, List<String> classNames, String title) {
        int clients = classCounts.length;
        int classes = classNames.size();
        int cell = Math.max(1, Math.min(MAX_CELL_WIDTH, TARGET_PLOT_WIDTH / Math.max(1, clients)));
        int plotWidth = cell * clients;
        int plotHeight = ROW_HEIGHT * classes;
        int max = 0;
        int longestName = 0;
        for (int[] row : classCounts) {
            for (int count : row) {
                max = Math.max(max, count);
            }
        }
        for (String name : classNames) {
            longestName = Math.max(longestName, PixelFont.width(name, SCALE));
        }
        int left = longestName + 20;
        int top = 20 + LINE + 20;
        String maxLabel = Integer.toString(max);
        int barLeft = left + plotWidth + 24;
        int width = Math.max(barLeft + BAR_WIDTH + 10 + PixelFont.width(maxLabel, SCALE) + 20,
                left + PixelFont.width(title, SCALE) + 20);
        int height = top + plotHeight + 12 + LINE + 16 + LINE + 20;

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            PixelFont.draw(g, title, left, 20, SCALE, INK);

            for (int c = 0; c < clients; c++) {
                for (int k = 0; k < classes; k++) {
                    g.setColor(colour(max == 0 ? 0 : (double) classCounts[c][k] / max));
                    g.fillRect(left + c * cell, top + k * ROW_HEIGHT, cell, ROW_HEIGHT);
                }
            }
            g.setColor(INK);
            g.drawRect(left - 1, top - 1, plotWidth + 1, plotHeight + 1);
            for (int k = 0; k < classes; k++) {
                String name = classNames.get(k);
                PixelFont.draw(g, name, left - 10 - PixelFont.width(name, SCALE),
                        top + k * ROW_HEIGHT + (ROW_HEIGHT - LINE) / 2, SCALE, INK);
            }

            int step = tickStep(clients, cell);
            int axisY = top + plotHeight + 1;
            for (int c = 0; c < clients; c += step) {
                int x = left + c * cell + cell / 2;
                g.fillRect(x, axisY, 1, 6);
                String label = Integer.toString(c);
                PixelFont.draw(g, label, x - PixelFont.width(label, SCALE) / 2, axisY + 10, SCALE, INK);
            }
            String axis = "client (" + clients + ")";
            PixelFont.draw(g, axis, left + (plotWidth - PixelFont.width(axis, SCALE)) / 2,
                    axisY + 10 + LINE + 14, SCALE, INK);

            for (int y = 0; y < plotHeight; y++) {
                g.setColor(colour(1.0 - (double) y / Math.max(1, plotHeight - 1)));
                g.fillRect(barLeft, top + y, BAR_WIDTH, 1);
            }
            g.setColor(INK);
            g.drawRect(barLeft - 1, top - 1, BAR_WIDTH + 1, plotHeight + 1);
            int labelX = barLeft + BAR_WIDTH + 8;
            PixelFont.draw(g, maxLabel, labelX, top, SCALE, INK);
            PixelFont.draw(g, Integer.toString(max / 2), labelX, top + plotHeight / 2 - LINE / 2, SCALE, INK);
            PixelFont.draw(g, "0", labelX, top + plotHeight - LINE, SCALE, INK);
            PixelFont.draw(g, "samples", barLeft - 20, axisY + 10 + LINE + 14, SCALE, INK);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Ticks every 1, 2, 5, 10, 20, 50, ... clients, far enough apart for their labels. */
    private static int tickStep(int clients, int cell) {
        int widest = PixelFont.width(Integer.toString(Math.max(0, clients - 1)), SCALE) + 3 * CHAR / 2;
        int[] mantissas = {1, 2, 5};
        for (int power = 1; ; power *= 10) {
            for (int m : mantissas) {
                if ((long) m * power * cell >= widest) {
                    return m * power;
                }
            }
        }
    }

    /** Viridis, piecewise linear between its five anchors; {@code t} in [0, 1]. */
    static Color colour(double t) {
        double x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) Math.floor(x));
        double f = x - i;
        int[] a = VIRIDIS[i];
        int[] b = VIRIDIS[i + 1];
        return new Color((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])),
                (int) Math.round(a[2] + f * (b[2] - a[2])));
    }
}
