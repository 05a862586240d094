package org.cutmixsl.model.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one pixel normalisation: standardisation per channel, and [−1, 1] exactly as earlier versions computed it. */
class PixelScalingStandardisesPerChannel {

    @Test
    void eachChannelUsesItsOwnMeanAndSd() {
        PixelScaling s = PixelScaling.standardise(new float[] {0.5f, 0.25f, 0f}, new float[] {0.5f, 0.25f, 1f});
        byte[] pixels = {(byte) 255, (byte) 255, (byte) 255, 0, 0, 0};
        float[] v = s.apply(pixels);
        assertEquals(1f, v[0], 1e-6f);
        assertEquals(3f, v[1], 1e-6f);
        assertEquals(1f, v[2], 1e-6f);
        assertEquals(-1f, v[3], 1e-6f);
        assertEquals(-1f, v[4], 1e-6f);
        assertEquals(0f, v[5], 1e-6f);
    }

    @Test
    void minusOneOneIsBitForBitTheEarlierFormula() {
        byte[] pixels = new byte[256];
        for (int i = 0; i < 256; i++) {
            pixels[i] = (byte) i;
        }
        float[] expected = new float[256];
        for (int i = 0; i < 256; i++) {
            expected[i] = i * (2f / 255f) - 1f;
        }
        assertArrayEquals(expected, PixelScaling.minusOneOne(1).apply(pixels));
        assertTrue(PixelScaling.minusOneOne(3).isMinusOneOne());
    }

    @Test
    void standardisedFashionMnistLikePixelsHaveMeanZeroAndSdOne() {
        // a two-valued image with mean 0.25 and sd 0.25·√3 of p/255... built from its own statistics
        byte[] pixels = new byte[1000];
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i * 37) % 256);
            double p = (pixels[i] & 0xFF) / 255.0;
            sum += p;
            sumSq += p * p;
        }
        float mean = (float) (sum / pixels.length);
        float sd = (float) Math.sqrt(sumSq / pixels.length - mean * (double) mean);
        float[] v = PixelScaling.standardise(new float[] {mean}, new float[] {sd}).apply(pixels);
        double m = 0;
        double q = 0;
        for (float x : v) {
            m += x;
            q += x * (double) x;
        }
        m /= v.length;
        assertEquals(0, m, 1e-5);
        assertEquals(1, Math.sqrt(q / v.length - m * m), 1e-5);
    }

    @Test
    void badStatisticsAreRefusedWithTheChannel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PixelScaling.standardise(new float[] {0.1f, 0.2f}, new float[] {0.3f, 0f}));
        assertTrue(e.getMessage().contains("channel 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PixelScaling.standardise(new float[] {0.1f}, new float[] {0.3f, 0.3f}));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> ViTConfig.preset("fmnist-tiny").withInput(PixelScaling.minusOneOne(3)));
        assertTrue(shape.getMessage().contains("3 channels"), shape.getMessage());
    }
}
