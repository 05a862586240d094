package org.cutmixsl.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.cutmixsl.data.testing.SyntheticSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderRejectsMismatchedCounts {

    @TempDir
    Path dir;

    @Test
    void tenImagesButNineLabels() throws Exception {
        Path images = dir.resolve("images.gz");
        Path labels = dir.resolve("labels.gz");
        SyntheticSources.idxImages(images, IdxReader.IMAGES_MAGIC, 10, 28, 28, SyntheticSources.pixels(10, 784), true);
        SyntheticSources.idxLabels(labels, IdxReader.LABELS_MAGIC, SyntheticSources.labels(9, 10), true);

        InvalidSourceException e = assertThrows(InvalidSourceException.class,
                () -> IdxReader.read(images, labels, 28, 28, 10));

        assertEquals(labels + ": holds 9 labels but the images file " + images
                + " holds 10 images; image and label counts must be equal", e.getMessage());
    }

    @Test
    void headerWithAnotherImageSize() throws Exception {
        Path images = dir.resolve("images");
        SyntheticSources.idxImages(images, IdxReader.IMAGES_MAGIC, 2, 32, 32, new byte[2 * 1024], false);

        InvalidSourceException e = assertThrows(InvalidSourceException.class,
                () -> IdxReader.readImages(images, 28, 28));

        assertEquals(images + ": header gives 32x32 images, expected 28x28", e.getMessage());
    }
}
