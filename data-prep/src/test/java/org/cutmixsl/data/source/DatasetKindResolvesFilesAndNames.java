package org.cutmixsl.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetKindResolvesFilesAndNames {

    @TempDir
    Path dir;

    @Test
    void namesRoundTripAndUnknownNamesListTheKnownOnes() {
        for (DatasetKind kind : DatasetKind.values()) {
            assertEquals(kind, DatasetKind.fromName(kind.cliName()));
            assertEquals(10, kind.numClasses());
        }
        assertEquals(DatasetKind.CIFAR10, DatasetKind.fromName("CIFAR10"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetKind.fromName("imagenet"));
        assertEquals("unknown dataset 'imagenet': expected one of fashion-mnist, mnist, cifar10", e.getMessage());
    }

    @Test
    void shapes() {
        assertEquals(List.of(28, 28, 1), List.of(DatasetKind.FASHION_MNIST.height(), DatasetKind.FASHION_MNIST.width(),
                DatasetKind.FASHION_MNIST.channels()));
        assertEquals(List.of(32, 32, 3), List.of(DatasetKind.CIFAR10.height(), DatasetKind.CIFAR10.width(),
                DatasetKind.CIFAR10.channels()));
    }

    @Test
    void idxFilesMayBeGzippedOrPlainAndGzipWins() throws Exception {
        Files.createFile(dir.resolve("train-images-idx3-ubyte"));
        Files.createFile(dir.resolve("train-images-idx3-ubyte.gz"));
        Files.createFile(dir.resolve("train-labels-idx1-ubyte"));

        assertEquals(List.of(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte")),
                DatasetKind.MNIST.trainFiles(dir));
    }

    @Test
    void missingFileIsNamedWithTheExpectedList() throws Exception {
        Files.createFile(dir.resolve("data_batch_1.bin"));

        InvalidSourceException e = assertThrows(InvalidSourceException.class,
                () -> DatasetKind.CIFAR10.trainFiles(dir));

        assertTrue(e.getMessage().startsWith(dir + ": missing data_batch_2.bin: a cifar10 source directory holds"
                + " data_batch_1.bin, "), e.getMessage());
    }
}
