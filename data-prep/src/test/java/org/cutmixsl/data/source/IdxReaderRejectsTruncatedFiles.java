package org.cutmixsl.data.source;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cutmixsl.data.testing.SyntheticSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderRejectsTruncatedFiles {

    @TempDir
    Path dir;

    @Test
    void plainImagesCutInsideTheBody() throws Exception {
        Path images = dir.resolve("images");
        SyntheticSources.idxImages(images, IdxReader.IMAGES_MAGIC, 10, 28, 28, SyntheticSources.pixels(10, 784), false);
        SyntheticSources.truncate(images, 16 + 784 * 9 + 100);

        InvalidSourceException e = assertThrows(InvalidSourceException.class,
                () -> IdxReader.readImages(images, 28, 28));

        assertTrue(e.getMessage().contains(images + ": truncated: the header announces 10 images of 28x28 (7840 bytes"
                + " after the header) but only 7156 bytes follow"), e.getMessage());
    }

    @Test
    void gzippedImagesCutInHalf() throws Exception {
        Path images = dir.resolve("images.gz");
        SyntheticSources.idxImages(images, IdxReader.IMAGES_MAGIC, 50, 28, 28, SyntheticSources.pixels(50, 784), true);
        SyntheticSources.truncate(images, (int) Files.size(images) / 2);

        InvalidSourceException e = assertThrows(InvalidSourceException.class,
                () -> IdxReader.readImages(images, 28, 28));

        assertTrue(e.getMessage().startsWith(images + ": truncated: the header announces 50 images"), e.getMessage());
    }

    @Test
    void labelsCutInsideTheHeader() throws Exception {
        Path labels = dir.resolve("labels");
        SyntheticSources.idxLabels(labels, IdxReader.LABELS_MAGIC, new int[] {1, 2}, false);
        SyntheticSources.truncate(labels, 6);

        InvalidSourceException e = assertThrows(InvalidSourceException.class, () -> IdxReader.readLabels(labels, 10));

        assertTrue(e.getMessage().startsWith(labels + ": truncated: the file ends after 6 bytes, inside the 8-byte header"),
                e.getMessage());
    }

    @Test
    void moreDataThanTheHeaderAnnouncesIsRejectedToo() throws Exception {
        Path labels = dir.resolve("labels");
        // Magic 0x00000801, a header that announces 2 labels, and a body of 3.
        Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3});

        InvalidSourceException e = assertThrows(InvalidSourceException.class, () -> IdxReader.readLabels(labels, 10));

        assertTrue(e.getMessage().contains("holds more data than its header announces (2 labels)"), e.getMessage());
    }
}
