package org.cutmixsl.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cutmixsl.data.source.DatasetKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedDatasetRejectsIncompleteDirectories {

    @TempDir
    Path root;

    private Path manifest;

    /** A directory that passes every check: the manifest of {@link ManifestRoundTripsThroughJson} and its folders. */
    @BeforeEach
    void complete() throws Exception {
        Files.createDirectories(root.resolve("train"));
        Files.createDirectories(root.resolve("test"));
        Files.createDirectories(root.resolve("holdout"));
        Files.createDirectories(root.resolve("validation")); // the sample manifest has a validation split
        Files.createFile(root.resolve("train/part-00000.snappy.parquet"));
        Files.createFile(root.resolve("train/part-00001.snappy.parquet"));
        manifest = root.resolve("manifest.json");
        Files.writeString(manifest, ManifestRoundTripsThroughJson.sample().toJson());
    }

    @Test
    void theCompleteOneOpens() {
        PreparedDataset d = PreparedDataset.open(root.toString());
        assertEquals(DatasetKind.CIFAR10, d.kind());
        assertEquals(3, d.clients());
        assertEquals(15, d.clientSampleCount(2));
        assertEquals("file:" + root.resolve("train"), d.trainPath());
        assertEquals("file:" + root.resolve("holdout"), d.holdoutPath().orElseThrow());
        assertEquals(64, d.manifestSha256().length());
        assertEquals(d.trainPath(), PreparedDataset.open("file:" + root).trainPath());
        assertEquals(d.trainPath(), PreparedDataset.open(root.toUri().toString()).trainPath());
    }

    @Test
    void missingValidationFolder() throws Exception {
        Files.delete(root.resolve("validation"));
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> PreparedDataset.open(root.toString()));
        assertEquals(root + " is incomplete: validation/ is missing", e.getMessage());
    }

    @Test
    void missingDirectory() {
        Path missing = root.resolve("nope");
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> PreparedDataset.open(missing.toString()));
        assertTrue(e.getMessage().startsWith("prepared dataset " + missing + " does not exist"), e.getMessage());
    }

    @Test
    void missingManifest() throws Exception {
        Files.delete(manifest);
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> PreparedDataset.open(root.toString()));
        assertEquals(root + " has no manifest.json: it is not a prepared dataset, or its preparation did not finish",
                e.getMessage());
    }

    @Test
    void truncatedManifest() throws Exception {
        String json = Files.readString(manifest);
        Files.writeString(manifest, json.substring(0, json.length() / 2));
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> PreparedDataset.open(root.toString()));
        assertTrue(e.getMessage().startsWith(manifest + ": not valid JSON"), e.getMessage());
    }

    @Test
    void otherFormatVersion() throws Exception {
        Files.writeString(manifest, Files.readString(manifest).replace("\"formatVersion\" : 1", "\"formatVersion\" : 9"));
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> PreparedDataset.open(root.toString()));
        assertEquals(manifest + ": format version 9, but this build reads version 1; prepare the dataset again"
                + " with --overwrite", e.getMessage());
    }

    @Test
    void missingField() throws Exception {
        Files.writeString(manifest, Files.readString(manifest).replace("\"minSamples\"", "\"minSample\""));
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> PreparedDataset.open(root.toString()));
        assertEquals(manifest + ": field 'minSamples' is missing or of the wrong type", e.getMessage());
    }

    @Test
    void missingSplit() throws Exception {
        Files.delete(root.resolve("test"));
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> PreparedDataset.open(root.toString()));
        assertEquals(root + " is incomplete: test/ is missing", e.getMessage());
    }

    @Test
    void missingTrainFile() throws Exception {
        Files.delete(root.resolve("train/part-00001.snappy.parquet"));
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> PreparedDataset.open(root.toString()));
        assertEquals(root + " is incomplete: train/part-00001.snappy.parquet listed in the manifest is missing",
                e.getMessage());
    }

    @Test
    void clientCountsThatDoNotAddUp() throws Exception {
        Files.writeString(manifest, Files.readString(manifest).replace("[ 20, 25, 15 ]", "[ 20, 25, 16 ]"));
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> PreparedDataset.open(root.toString()));
        assertEquals(manifest + ": client sample counts add up to 61, but the training split has 60 rows",
                e.getMessage());
    }

    @Test
    void aSchemeWithoutAFileSystemIsNamed() {
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> PreparedDataset.open("nosuchfs://nn:8020/data/fm"));
        assertTrue(e.getMessage().startsWith("prepared dataset nosuchfs://nn:8020/data/fm: no Hadoop file system for"
                + " the scheme 'nosuchfs'"), e.getMessage());
    }

    @Test
    void aManifestEditedByHandIsReadDespiteAStaleChecksumFile() throws Exception {
        // Written as Hadoop's checksummed local file system writes (with .manifest.json.crc), then edited by hand.
        String text = Files.readString(manifest);
        org.apache.hadoop.fs.FileSystem local = org.apache.hadoop.fs.FileSystem.getLocal(
                new org.apache.hadoop.conf.Configuration());
        try (var out = local.create(new org.apache.hadoop.fs.Path(manifest.toUri()), true)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertTrue(Files.exists(root.resolve(".manifest.json.crc")));
        Files.writeString(manifest, text.replace("[ 20, 25, 15 ]", "[ 20, 25,   15 ]"));
        assertEquals(60, PreparedDataset.open(root.toString()).trainRows());
    }
}
