package org.cutmixsl.data.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.data.source.DatasetKind;
import org.cutmixsl.data.source.InvalidSourceException;
import org.cutmixsl.data.testing.SharedSpark;
import org.cutmixsl.data.testing.SyntheticSources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrepareNeverReplacesWithoutOverwrite {

    @TempDir
    static Path sources;

    @TempDir
    Path tmp;

    private static SparkSession spark;
    private static Path good;
    private static Path broken;
    private Path out;
    private byte[] manifest;
    private FileTime written;

    @BeforeAll
    static void sources() throws Exception {
        spark = SharedSpark.session();
        good = sources.resolve("good");
        broken = sources.resolve("broken");
        SyntheticSources.idxDataset(good, 300, 30);
        SyntheticSources.idxDataset(broken, 300, 30);
        SyntheticSources.idxLabels(broken.resolve("t10k-labels-idx1-ubyte.gz"), 0x1234, new int[30], true);
    }

    private PrepareOptions.Builder options(Path source, int clients) {
        return PrepareOptions.builder().dataset(DatasetKind.MNIST).source(source).clients(clients)
                .shares("iid").minSamples(10).seed(5).out(out);
    }

    /** An existing dataset of 3 clients in {@code out}. */
    @BeforeEach
    void existing() throws Exception {
        out = tmp.resolve("prepared");
        DatasetPreparer.prepare(spark, options(good, 3).build());
        manifest = Files.readAllBytes(out.resolve("manifest.json"));
        written = Files.getLastModifiedTime(out.resolve("train"));
    }

    private void assertUntouched() throws Exception {
        assertArrayEquals(manifest, Files.readAllBytes(out.resolve("manifest.json")));
        assertEquals(written, Files.getLastModifiedTime(out.resolve("train")));
        assertEquals(3, PreparedDataset.open(out.toString()).clients());
        assertFalse(SyntheticSources.leftovers(out), "temporary or set-aside directories left next to " + out);
    }

    @Test
    void sameRecipeIsKeptAsItIs() throws Exception {
        PreparedDataset kept = DatasetPreparer.prepare(spark, options(good, 3).build());
        assertEquals(3, kept.clients());
        assertUntouched();
    }

    @Test
    void aDatasetPreparedBeforeTheSharesRenameIsKeptAsItIs() throws Exception {
        // The layout the code wrote before "partition" became "shares": manifest object and stats files.
        String json = Files.readString(out.resolve("manifest.json"));
        assertTrue(json.contains("\"shares\" : {"), json);
        Files.writeString(out.resolve("manifest.json"), json.replace("\"shares\" : {", "\"partition\" : {"));
        Files.move(out.resolve("share-stats.csv"), out.resolve("partition-stats.csv"));
        Files.move(out.resolve("share-heatmap.png"), out.resolve("partition-heatmap.png"));
        manifest = Files.readAllBytes(out.resolve("manifest.json"));

        assertTrue(DatasetPreparer.isPrepared(options(good, 3).build()));
        PreparedDataset kept = DatasetPreparer.prepare(spark, options(good, 3).build());
        assertEquals(out.resolve("partition-stats.csv").toString(), kept.statsCsvPath());
        assertEquals(out.resolve("partition-heatmap.png").toString(), kept.heatmapPath());
        assertUntouched();
    }

    @Test
    void otherOptionsAreRefused() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetPreparer.prepare(spark, options(good, 4).build()));
        assertTrue(e.getMessage().startsWith("--out " + out + " already holds a dataset prepared with other options or"
                + " sources (mnist, 3 clients, iid, min samples 10, server holdout 0, validation 0, seed 5); pass --overwrite"),
                e.getMessage());
        assertUntouched();
    }

    @Test
    void otherSourcesAreRefused() throws Exception {
        Path copy = sources.resolve("copy-" + System.nanoTime());
        SyntheticSources.idxDataset(copy, 300, 31);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetPreparer.prepare(spark, options(copy, 3).build()));
        assertTrue(e.getMessage().contains("pass --overwrite to replace it"), e.getMessage());
        assertUntouched();
    }

    @Test
    void aFailedOverwriteLeavesTheOldDataset() throws Exception {
        InvalidSourceException e = assertThrows(InvalidSourceException.class,
                () -> DatasetPreparer.prepare(spark, options(broken, 4).overwrite(true).build()));
        assertTrue(e.getMessage().contains("wrong magic number 0x00001234"), e.getMessage());
        assertUntouched();
    }

    @Test
    void aFailureAfterWritingLeavesTheOldDatasetAndNoTemporaryFiles() throws Exception {
        IllegalStateException boom = new IllegalStateException("disk full, say");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DatasetPreparer.prepare(spark, options(good, 4).overwrite(true).build(), 100, () -> {
                    throw boom;
                }));
        assertSame(boom, e);
        assertUntouched();
    }

    @Test
    void overwriteReplaces() throws Exception {
        PreparedDataset replaced = DatasetPreparer.prepare(spark, options(good, 4).overwrite(true).build());
        assertEquals(4, replaced.clients());
        assertEquals(4, PreparedDataset.open(out.toString()).clients());
        assertFalse(SyntheticSources.leftovers(out));
    }

    @Test
    void aDirectoryThatIsNoDatasetIsRefused() throws Exception {
        Path other = tmp.resolve("notes");
        Files.createDirectories(other);
        Files.writeString(other.resolve("todo.txt"), "keep me");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetPreparer.prepare(spark, options(good, 3).out(other).build()));
        assertEquals("--out " + other + " exists and is not a complete prepared dataset (" + other + " has no"
                + " manifest.json: it is not a prepared dataset, or its preparation did not finish); pass --overwrite"
                + " to replace it", e.getMessage());
        assertEquals("keep me", Files.readString(other.resolve("todo.txt")));
    }

    @Test
    void anEmptyDirectoryIsUsed() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(3, DatasetPreparer.prepare(spark, options(good, 3).out(empty).build()).clients());
    }
}
