package org.cutmixsl.spark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.cutmixsl.common.io.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --config NAME} where spark-submit shipped NAME with {@code --files}: the copy in the working directory (where
 * YARN puts it for a cluster-mode driver) wins, the file where {@code --files} took it from serves a client-mode
 * driver, and anything else is an ordinary path. On real files; the whole path under YARN is
 * {@code org.cutmixsl.spark.cluster.YarnRunsTheJobInBothDeployModes}.
 */
class AConfigShippedWithFilesIsFoundByItsName {

    @TempDir
    Path dir;

    private Properties shipping(String key, String files) {
        Properties p = new Properties();
        p.setProperty(key, files);
        return p;
    }

    @Test
    void theContainersCopyWinsOverTheSource() throws IOException {
        Path source = Files.createDirectories(dir.resolve("submitter")).resolve("tiny.conf");
        Files.writeString(source, "train.rounds = 1\n");
        Path container = Files.createDirectories(dir.resolve("container"));
        Files.writeString(container.resolve("tiny.conf"), "train.rounds = 2\n");
        Properties yarn = shipping("spark.yarn.dist.files", "file:/elsewhere/a.conf," + source.toUri());

        Optional<Location> found = ConfigLoader.shipped("tiny.conf", container, yarn);
        assertEquals(Optional.of(Location.of(container.resolve("tiny.conf").toUri().toString())), found);
        assertEquals(Optional.of(Location.of(source.toUri().toString())),
                ConfigLoader.shipped("tiny.conf", Files.createDirectories(dir.resolve("driver")), yarn),
                "without a copy in the working directory (client mode) the source is read");
    }

    @Test
    void anAliasNamesTheCopyAndSparkFilesCountsToo() throws IOException {
        Path source = dir.resolve("run-7.conf");
        Files.writeString(source, "train.rounds = 3\n");
        Properties files = shipping("spark.files", source.toUri() + "#run.conf");
        assertEquals(Optional.of(Location.of(source.toUri().toString())),
                ConfigLoader.shipped("run.conf", dir.resolve("empty"), files));
        assertEquals(Optional.empty(), ConfigLoader.shipped("run-7.conf", dir.resolve("empty"), files),
                "with an alias the copy has the alias's name only");
    }

    @Test
    void pathsAndNamesNotShippedAreOrdinaryPaths() throws IOException {
        Files.writeString(dir.resolve("tiny.conf"), "train.rounds = 2\n");
        Properties yarn = shipping("spark.yarn.dist.files", dir.resolve("tiny.conf").toUri().toString());
        assertEquals(Optional.empty(), ConfigLoader.shipped("other.conf", dir, yarn));
        assertEquals(Optional.empty(), ConfigLoader.shipped("conf/tiny.conf", dir, yarn));
        assertEquals(Optional.empty(), ConfigLoader.shipped("tiny.conf", dir, new Properties()));
    }

    @Test
    void theShippedFileIsWhatParseFileReads() throws IOException {
        // parseFile asks the JVM's own working directory and system properties: a name no file there has and that
        // spark-submit shipped from this folder is read from here.
        Path source = dir.resolve("shipped-" + ProcessHandle.current().pid() + ".conf");
        Files.writeString(source, "train.rounds = 5\n");
        String before = System.getProperty("spark.yarn.dist.files");
        System.setProperty("spark.yarn.dist.files", source.toUri().toString());
        try {
            assertTrue(ConfigLoader.parseFile(source.getFileName().toString()).getInt("train.rounds") == 5);
        } finally {
            if (before == null) {
                System.clearProperty("spark.yarn.dist.files");
            } else {
                System.setProperty("spark.yarn.dist.files", before);
            }
        }
    }
}
