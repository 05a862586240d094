package org.cutmixsl.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.cutmixsl.data.testing.SyntheticSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderRejectsWrongMagic {

    @TempDir
    Path dir;

    @Test
    void labelsFileGivenAsImages() throws Exception {
        Path images = dir.resolve("images.gz");
        SyntheticSources.idxLabels(images, IdxReader.LABELS_MAGIC, new int[] {1, 2, 3}, true);

        InvalidSourceException e = assertThrows(InvalidSourceException.class,
                () -> IdxReader.readImages(images, 28, 28));

        assertEquals(images.toString(), e.path());
        assertTrue(e.getMessage().startsWith(images + ": wrong magic number 0x00000801, expected 0x00000803"),
                e.getMessage());
    }

    @Test
    void imagesFileGivenAsLabels() throws Exception {
        Path labels = dir.resolve("labels");
        SyntheticSources.idxImages(labels, IdxReader.IMAGES_MAGIC, 1, 2, 2, new byte[4], false);

        InvalidSourceException e = assertThrows(InvalidSourceException.class,
                () -> IdxReader.readLabels(labels, 10));

        assertTrue(e.getMessage().startsWith(labels + ": wrong magic number 0x00000803, expected 0x00000801"),
                e.getMessage());
    }
}
