package org.cutmixsl.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cutmixsl.data.testing.SyntheticSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderRejectsMalformedFiles {

    @TempDir
    Path dir;

    @Test
    void sizeNotAMultipleOf3073() throws Exception {
        Path file = dir.resolve("data_batch_1.bin");
        SyntheticSources.cifarBatch(file, new int[] {1, 2}, 0);
        SyntheticSources.truncate(file, 2 * 3073 - 5);

        InvalidSourceException e = assertThrows(InvalidSourceException.class, () -> Cifar10Reader.read(List.of(file)));

        assertEquals(file + ": size 6141 bytes is not a multiple of 3073 (each CIFAR-10 record is 1 label byte and"
                + " 3072 pixel bytes)", e.getMessage());
    }

    @Test
    void labelOutOfRange() throws Exception {
        Path file = dir.resolve("test_batch.bin");
        SyntheticSources.cifarBatch(file, new int[] {4, 200}, 0);

        InvalidSourceException e = assertThrows(InvalidSourceException.class, () -> Cifar10Reader.read(List.of(file)));

        assertEquals(file + ": label 200 of record 1 is out of range: labels must lie in [0, 10)", e.getMessage());
    }

    @Test
    void emptyFileHoldsNoRecordsButIsNotAnError() throws Exception {
        Path file = dir.resolve("data_batch_1.bin");
        Files.write(file, new byte[0]);

        assertEquals(0, Cifar10Reader.read(List.of(file)).count());
    }
}
