package org.cutmixsl.common.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deleting a folder tree on the local file system. */
public final class FileTrees {

    private FileTrees() {
    }

    /**
     * Deletes a file or a folder with everything in it, deepest first; links are deleted, never followed. Nothing
     * happens when the path does not exist. Deletes all it can: a file that cannot be deleted does not stop the
     * others, and the first failure is thrown at the end (later ones suppressed in it).
     *
     * @param root the file or folder
     * @throws IOException if anything could not be listed or deleted
     */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        IOException failure = null;
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
