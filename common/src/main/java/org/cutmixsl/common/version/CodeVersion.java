package org.cutmixsl.common.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The commit the running code was built from, as every output records it ({@code code_version}).
 *
 * <p>The build writes it (git-commit-id-maven-plugin, see the root pom) into {@code version.properties} beside this
 * class, so it travels in every jar, the shaded application jar included, and names the code that runs, not the
 * checkout's HEAD at launch: a stale build or a plain {@code spark-submit} records what it really ran.
 */
public final class CodeVersion {

    /** Where the build writes the commit, beside this class. */
    static final String RESOURCE = "version.properties";

    private CodeVersion() {}

    /** @return the build's commit, "-dirty" when tracked files differed from it; "unknown" built outside git */
    public static String current() {
        try (InputStream in = CodeVersion.class.getResourceAsStream(RESOURCE)) {
            return in == null ? "unknown" : of(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " beside " + CodeVersion.class.getName(), e);
        }
    }

    /** @return the version that a {@code version.properties} stream names */
    static String of(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        String commit = p.getProperty("git.commit.id.abbrev", "").trim();
        if (commit.isEmpty()) {
            return "unknown";
        }
        return commit + (Boolean.parseBoolean(p.getProperty("git.dirty", "false").trim()) ? "-dirty" : "");
    }
}
