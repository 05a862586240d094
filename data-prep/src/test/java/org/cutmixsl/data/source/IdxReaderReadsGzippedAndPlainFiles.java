package org.cutmixsl.data.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.cutmixsl.data.testing.SyntheticSources;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderReadsGzippedAndPlainFiles {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyPixelAndLabelComesBack(boolean gzip) throws Exception {
        int count = 37;
        byte[] pixels = SyntheticSources.pixels(count, 6 * 5);
        int[] labels = SyntheticSources.labels(count, 10);
        Path images = dir.resolve("images");
        Path labelFile = dir.resolve("labels");
        SyntheticSources.idxImages(images, IdxReader.IMAGES_MAGIC, count, 6, 5, pixels, gzip);
        SyntheticSources.idxLabels(labelFile, IdxReader.LABELS_MAGIC, labels, gzip);

        LabeledImages read = IdxReader.read(images, labelFile, 6, 5, 10);

        assertEquals(count, read.count());
        assertEquals(6, read.height());
        assertEquals(5, read.width());
        assertEquals(1, read.channels());
        assertArrayEquals(pixels, read.pixels());
        assertArrayEquals(labels, read.labels());
        assertArrayEquals(java.util.Arrays.copyOfRange(pixels, 30 * 3, 30 * 4), read.image(3));
    }
}
