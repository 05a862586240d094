package org.cutmixsl.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** A path that is no path, or names a file system that is not there, fails with the path and the reason. */
class LocationRejectsBadPathsNamingThem {

    @Test
    void aBlankPathSaysWhatIsExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Location.forOption("--out", " "));
        assertEquals("--out no path given (expected a local path or a URI such as hdfs://namenode:8020/folder)",
                e.getMessage());
    }

    @Test
    void aSchemeWithoutAFileSystemIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Location.forOption("--run", "nosuchfs://host/runs/a"));
        assertTrue(e.getMessage().startsWith("--run nosuchfs://host/runs/a: no Hadoop file system for the scheme"
                + " 'nosuchfs'"), e.getMessage());
    }

    @Test
    void aMalformedUriIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Location.forOption("--study", "hdfs://bad host:8020/x"));
        assertTrue(e.getMessage().startsWith("--study hdfs://bad host:8020/x: "), e.getMessage());
    }

    @Test
    void anUnreachableFileSystemIsNamedWhenUsed() {
        // Nothing listens on port 1: the first access fails, naming the location.
        Location nowhere = Location.of("hdfs://127.0.0.1:1/data/x");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, nowhere::exists);
        assertTrue(e.getMessage().startsWith("cannot look up hdfs://127.0.0.1:1/data/x: "), e.getMessage());
    }

    @Test
    void aMissingFileIsNamedWhenRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Location missing = Location.of(dir.resolve("none.txt").toString());
        UncheckedIOException e = assertThrows(UncheckedIOException.class, missing::readText);
        assertEquals("cannot read " + dir.resolve("none.txt") + ": no such file", e.getMessage());
    }
}
