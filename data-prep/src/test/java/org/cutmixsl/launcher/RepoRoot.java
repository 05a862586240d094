package org.cutmixsl.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: Surefire passes it as {@code cutmixsl.home}; otherwise the nearest parent with bin/cutmixsl. */
final class RepoRoot {

    private RepoRoot() {
    }

    static Path find() {
        String home = System.getProperty("cutmixsl.home");
        if (home != null && Files.isRegularFile(Path.of(home, "bin", "cutmixsl"))) {
            return Path.of(home);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin").resolve("cutmixsl"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no bin/cutmixsl above " + Path.of("").toAbsolutePath());
    }
}
