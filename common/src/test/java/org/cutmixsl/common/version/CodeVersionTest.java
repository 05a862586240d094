package org.cutmixsl.common.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CodeVersionTest {

    private static String of(String properties) throws IOException {
        return CodeVersion.of(new ByteArrayInputStream(properties.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aCleanBuildIsNamedByItsCommit() throws IOException {
        assertEquals("0123456789ab", of("git.commit.id.abbrev=0123456789ab\ngit.dirty=false\n"));
    }

    @Test
    void aBuildOfChangedFilesSaysDirty() throws IOException {
        assertEquals("0123456789ab-dirty", of("git.commit.id.abbrev=0123456789ab\ngit.dirty=true\n"));
    }

    @Test
    void aBuildOutsideGitIsUnknown() throws IOException {
        assertEquals("unknown", of("git.dirty=false\n"));
    }

    @Test
    void thisBuildRecordsTheCommitItWasBuiltFrom() {
        // The test runs on the classes this build made: a checkout has a commit, so the version is a hash.
        assertTrue(CodeVersion.current().matches("[0-9a-f]{12}(-dirty)?"), CodeVersion.current());
    }
}
