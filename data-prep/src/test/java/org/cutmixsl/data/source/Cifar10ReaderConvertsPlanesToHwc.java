package org.cutmixsl.data.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cutmixsl.data.testing.SyntheticSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderConvertsPlanesToHwc {

    @TempDir
    Path dir;

    @Test
    void handMadeRecordLandsInRgbOrder() throws Exception {
        // One record: red plane all 10, green plane all 20, blue plane 0..1023 (low byte); label 7.
        byte[] record = new byte[Cifar10Reader.RECORD_BYTES];
        record[0] = 7;
        for (int p = 0; p < 1024; p++) {
            record[1 + p] = 10;
            record[1 + 1024 + p] = 20;
            record[1 + 2048 + p] = (byte) p;
        }
        Path file = dir.resolve("test_batch.bin");
        Files.write(file, record);

        LabeledImages images = Cifar10Reader.read(List.of(file));

        assertEquals(1, images.count());
        assertEquals(7, images.label(0));
        byte[] hwc = images.image(0);
        // Pixel (row 1, column 2) is plane index 34: HWC offset 34 * 3.
        assertEquals(10, hwc[34 * 3]);
        assertEquals(20, hwc[34 * 3 + 1]);
        assertEquals(34, hwc[34 * 3 + 2]);
    }

    @Test
    void severalFilesAreReadInOrder() throws Exception {
        Path first = dir.resolve("data_batch_1.bin");
        Path second = dir.resolve("data_batch_2.bin");
        byte[] a = SyntheticSources.cifarBatch(first, new int[] {1, 2, 3}, 0);
        byte[] b = SyntheticSources.cifarBatch(second, new int[] {9, 0}, 3);

        LabeledImages images = Cifar10Reader.read(List.of(first, second));

        assertEquals(5, images.count());
        assertEquals(32, images.height());
        assertEquals(3, images.channels());
        assertArrayEquals(new int[] {1, 2, 3, 9, 0}, images.labels());
        byte[] expected = new byte[a.length + b.length];
        System.arraycopy(a, 0, expected, 0, a.length);
        System.arraycopy(b, 0, expected, a.length, b.length);
        assertArrayEquals(expected, images.pixels());
    }
}
