package org.cutmixsl.data.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.cutmixsl.data.testing.SharedSpark;
import org.cutmixsl.data.testing.SyntheticSources;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every malformed source the issue lists, through the command line: exit code 2, one line on stderr naming the
 * file and what is wrong, no stack trace, and nothing written where the output would go.
 */
class PrepareRejectsBadSources {

    @TempDir
    Path tmp;

    private Path src;
    private Path out;

    @BeforeAll
    static void spark() {
        SharedSpark.session();
    }

    @BeforeEach
    void goodSource() throws Exception {
        src = tmp.resolve("src");
        out = tmp.resolve("out");
        SyntheticSources.idxDataset(src, 200, 20);
    }

    private CommandRun prepare(String dataset) {
        return CommandRun.of("--dataset", dataset, "--source", src.toString(), "--clients", "2", "--shares",
                "iid", "--min-samples", "10", "--seed", "1", "--out", out.toString());
    }

    private void assertRejected(CommandRun run, String expected) throws Exception {
        assertEquals(PrepareCommand.USER_ERROR, run.exitCode(), run.err());
        assertTrue(run.oneLineError(), "not one clean line: " + run.err());
        assertTrue(run.err().contains(expected), "expected «" + expected + "» in: " + run.err());
        assertFalse(SyntheticSources.anythingWritten(out), "something was written next to " + out);
    }

    @Test
    void wrongMagicNumber() throws Exception {
        Path images = src.resolve("t10k-images-idx3-ubyte.gz");
        SyntheticSources.idxImages(images, 0x00000802, 20, 28, 28, SyntheticSources.pixels(20, 784), true);
        assertRejected(prepare("fashion-mnist"), images + ": wrong magic number 0x00000802, expected 0x00000803");
    }

    @Test
    void truncatedFile() throws Exception {
        Path images = src.resolve("train-images-idx3-ubyte.gz");
        SyntheticSources.truncate(images, (int) Files.size(images) - 500);
        assertRejected(prepare("fashion-mnist"), images + ": truncated: the header announces 200 images of 28x28");
    }

    @Test
    void imageAndLabelCountsDiffer() throws Exception {
        Path labels = src.resolve("train-labels-idx1-ubyte.gz");
        SyntheticSources.idxLabels(labels, SyntheticSources.LABELS_MAGIC, SyntheticSources.labels(199, 10), true);
        assertRejected(prepare("mnist"), labels + ": holds 199 labels but the images file "
                + src.resolve("train-images-idx3-ubyte.gz") + " holds 200 images");
    }

    @Test
    void labelOutOfRange() throws Exception {
        Path labels = src.resolve("t10k-labels-idx1-ubyte.gz");
        int[] values = SyntheticSources.labels(20, 10);
        values[13] = 11;
        SyntheticSources.idxLabels(labels, SyntheticSources.LABELS_MAGIC, values, true);
        assertRejected(prepare("fashion-mnist"), labels + ": label 11 of item 13 is out of range");
    }

    @Test
    void cifarFileSizeNotAMultipleOf3073() throws Exception {
        SyntheticSources.cifarDataset(src, 10, 5);
        Path batch = src.resolve("data_batch_3.bin");
        SyntheticSources.truncate(batch, 10 * 3073 - 1);
        assertRejected(prepare("cifar10"), batch + ": size 30729 bytes is not a multiple of 3073");
    }

    @Test
    void missingSourceDirectory() throws Exception {
        src = tmp.resolve("nowhere");
        assertRejected(prepare("fashion-mnist"), src + ": source directory does not exist");
    }

    @Test
    void sourceThatIsAFile() throws Exception {
        src = src.resolve("train-images-idx3-ubyte.gz");
        assertRejected(prepare("fashion-mnist"), src + ": source is not a directory");
    }

    @Test
    void sourceDirectoryWithoutTheFiles() throws Exception {
        src = Files.createDirectories(tmp.resolve("empty"));
        assertRejected(prepare("mnist"), src + ": missing train-images-idx3-ubyte[.gz]: a mnist source directory"
                + " holds train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,"
                + " t10k-labels-idx1-ubyte (each gzipped or not)");
    }

    @Test
    void unreadableSourceDirectory() throws Exception {
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("---------"));
        try {
            // root reads everything regardless of permissions; the check then cannot be exercised.
            Assumptions.assumeFalse(Files.isReadable(src), "running as root: permissions are not enforced");
            assertRejected(prepare("fashion-mnist"), src + ": source directory is not readable");
        } finally {
            Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
