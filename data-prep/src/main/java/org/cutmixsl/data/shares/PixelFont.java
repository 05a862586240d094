package org.cutmixsl.data.shares;

import java.awt.Color;
import java.awt.Graphics2D;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A 5×7 pixel font (upper case, digits and a little punctuation) drawn with rectangles. The heatmap uses it
 * instead of AWT text because headless servers often have no fonts installed (text drawing then fails), and
 * because it makes the PNG the same bytes on every machine.
 */
final class PixelFont {

    /** Glyph width in font pixels. */
    static final int WIDTH = 5;
    /** Glyph height in font pixels. */
    static final int HEIGHT = 7;

    private static final Map<Character, String[]> GLYPHS = new HashMap<>();

    static {
        glyph('0', ".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###.");
        glyph('1', "..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###.");
        glyph('2', ".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####");
        glyph('3', "#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###.");
        glyph('4', "...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#.");
        glyph('5', "#####", "#....", "####.", "....#", "....#", "#...#", ".###.");
        glyph('6', "..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###.");
        glyph('7', "#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#...");
        glyph('8', ".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###.");
        glyph('9', ".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##..");
        glyph('A', ".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#");
        glyph('B', "####.", "#...#", "#...#", "####.", "#...#", "#...#", "####.");
        glyph('C', ".###.", "#...#", "#....", "#....", "#....", "#...#", ".###.");
        glyph('D', "###..", "#..#.", "#...#", "#...#", "#...#", "#..#.", "###..");
        glyph('E', "#####", "#....", "#....", "####.", "#....", "#....", "#####");
        glyph('F', "#####", "#....", "#....", "####.", "#....", "#....", "#....");
        glyph('G', ".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####");
        glyph('H', "#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#");
        glyph('I', ".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###.");
        glyph('J', "..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##..");
        glyph('K', "#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#");
        glyph('L', "#....", "#....", "#....", "#....", "#....", "#....", "#####");
        glyph('M', "#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#");
        glyph('N', "#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#");
        glyph('O', ".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.");
        glyph('P', "####.", "#...#", "#...#", "####.", "#....", "#....", "#....");
        glyph('Q', ".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#");
        glyph('R', "####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#");
        glyph('S', ".####", "#....", "#....", ".###.", "....#", "....#", "####.");
        glyph('T', "#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#..");
        glyph('U', "#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.");
        glyph('V', "#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#..");
        glyph('W', "#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#.");
        glyph('X', "#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#");
        glyph('Y', "#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#..");
        glyph('Z', "#####", "....#", "...#.", "..#..", ".#...", "#....", "#####");
        glyph(' ', ".....", ".....", ".....", ".....", ".....", ".....", ".....");
        glyph('-', ".....", ".....", ".....", "#####", ".....", ".....", ".....");
        glyph('+', ".....", "..#..", "..#..", "#####", "..#..", "..#..", ".....");
        glyph('/', ".....", "....#", "...#.", "..#..", ".#...", "#....", ".....");
        glyph('.', ".....", ".....", ".....", ".....", ".....", ".##..", ".##..");
        glyph(',', ".....", ".....", ".....", ".....", ".##..", "..#..", ".#...");
        glyph('=', ".....", ".....", "#####", ".....", "#####", ".....", ".....");
        glyph(':', ".....", ".##..", ".##..", ".....", ".##..", ".##..", ".....");
        glyph('(', "...#.", "..#..", ".#...", ".#...", ".#...", "..#..", "...#.");
        glyph(')', ".#...", "..#..", "...#.", "...#.", "...#.", "..#..", ".#...");
        glyph('_', ".....", ".....", ".....", ".....", ".....", ".....", "#####");
        glyph('%', "##...", "##..#", "...#.", "..#..", ".#...", "#..##", "...##");
        glyph('?', ".###.", "#...#", "....#", "...#.", "..#..", ".....", "..#..");
    }

    private PixelFont() {
    }

    private static void glyph(char c, String... rows) {
        GLYPHS.put(c, rows);
    }

    /**
     * @param text the text
     * @param scale screen pixels per font pixel
     * @return its width in screen pixels
     */
    static int width(String text, int scale) {
        return text.isEmpty() ? 0 : (text.length() * (WIDTH + 1) - 1) * scale;
    }

    /**
     * Draws text with its top-left corner at (x, y). Lower case is drawn as upper case; characters the font
     * lacks are drawn as '?'.
     *
     * @param g where to draw
     * @param text the text
     * @param x left edge
     * @param y top edge
     * @param scale screen pixels per font pixel
     * @param color ink
     */
    static void draw(Graphics2D g, String text, int x, int y, int scale, Color color) {
        g.setColor(color);
        String upper = text.toUpperCase(Locale.ROOT);
        for (int i = 0; i < upper.length(); i++) {
            String[] rows = GLYPHS.getOrDefault(upper.charAt(i), GLYPHS.get('?'));
            int left = x + i * (WIDTH + 1) * scale;
            for (int r = 0; r < HEIGHT; r++) {
                for (int col = 0; col < WIDTH; col++) {
                    if (rows[r].charAt(col) == '#') {
                        g.fillRect(left + col * scale, y + r * scale, scale, scale);
                    }
                }
            }
        }
    }
}
