package org.cutmixsl.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.cutmixsl.data.testing.SyntheticSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderRejectsLabelOutOfRange {

    @TempDir
    Path dir;

    @Test
    void labelTenOfTenClasses() throws Exception {
        Path labels = dir.resolve("labels.gz");
        SyntheticSources.idxLabels(labels, IdxReader.LABELS_MAGIC, new int[] {0, 9, 3, 10, 1}, true);

        InvalidSourceException e = assertThrows(InvalidSourceException.class, () -> IdxReader.readLabels(labels, 10));

        assertEquals(labels + ": label 10 of item 3 is out of range: labels must lie in [0, 10)", e.getMessage());
    }
}
