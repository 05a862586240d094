package org.cutmixsl.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local paths keep working as plain paths: relative ones resolve against the working directory, a {@code file:}
 * URI names the same file, files are written whole (no temporary or checksum file left beside them), and a rename
 * never moves a folder into an existing one.
 */
class LocationWritesLocalFilesAsPlainFiles {

    @TempDir
    Path dir;

    @Test
    void plainPathsAndFileUrisNameTheSameFile() {
        Location plain = Location.of(dir.resolve("a/../b.txt").toString());
        assertEquals(dir.resolve("b.txt").toString(), plain.toString());
        assertEquals(plain, Location.of("file:" + dir.resolve("b.txt")));
        assertEquals(plain, Location.of(dir.resolve("b.txt").toUri().toString()));
        assertEquals("file:" + dir.resolve("b.txt"), plain.uri());
        assertEquals(Paths.get("rel/x").toAbsolutePath().toString(), Location.of("rel/x").toString());
        assertTrue(plain.isLocal());
    }

    @Test
    void filesAreWrittenWholeWithNothingBesideThem() throws Exception {
        Location file = Location.of(dir.resolve("deep/er/report.html").toString());
        file.writeText("first");
        file.writeText("second, longer");
        assertEquals("second, longer", Files.readString(dir.resolve("deep/er/report.html")));
        assertEquals("second, longer", file.readText());
        try (Stream<Path> entries = Files.list(dir.resolve("deep/er"))) {
            assertEquals(List.of("report.html"), entries.map(p -> p.getFileName().toString()).toList());
        }
        // edited by hand: read as it is
        Files.writeString(dir.resolve("deep/er/report.html"), "by hand");
        assertEquals("by hand", file.readText());
        assertEquals(List.of("report.html"), file.parent().list().stream().map(Location::name).toList());
    }

    @Test
    void appendingAddsToTheEnd() throws Exception {
        Location log = Location.of(dir.resolve("logs/run.log").toString());
        for (String line : List.of("one\n", "two\n")) {
            try (OutputStream out = log.append()) {
                out.write(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals("one\ntwo\n", Files.readString(dir.resolve("logs/run.log")));
    }

    @Test
    void aRenameNeverEntersAnExistingFolder() throws Exception {
        Location tmp = Location.of(dir.resolve(".out.tmp-1").toString());
        tmp.resolve("manifest.json").writeText("{}");
        Location out = Location.of(dir.resolve("out").toString());
        out.resolve("other.txt").writeText("someone else's");
        assertFalse(tmp.renameTo(out));
        assertTrue(tmp.resolve("manifest.json").isFile());
        assertFalse(out.resolve(".out.tmp-1").exists());
        out.delete();
        assertFalse(out.exists());
        assertTrue(tmp.renameTo(out));
        assertEquals("{}", out.resolve("manifest.json").readText());
        assertFalse(tmp.exists());
    }

    @Test
    void aLocalCopyOfALocalFileIsTheFileItself() {
        Location file = Location.of(dir.resolve("x.bin").toString());
        file.writeBytes(new byte[] {1, 2, 3});
        try (Location.LocalCopy copy = file.localCopy()) {
            assertEquals(dir.resolve("x.bin"), copy.path());
        }
        assertTrue(file.isFile());
    }
}
