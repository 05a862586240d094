package org.cutmixsl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherListsItsCommands {

    @Test
    void helpListsPrepareAndTest() throws Exception {
        LauncherBuildsTheJavaCommandLine.Result r = LauncherBuildsTheJavaCommandLine.launch(Map.of(), "--help");
        assertEquals(0, r.exitCode(), r.err());
        String text = String.join("\n", r.lines());
        assertTrue(text.contains("  prepare    "), text);
        assertTrue(text.contains("  test       "), text);
    }

    @Test
    void unknownCommandFailsWithItsName() throws Exception {
        LauncherBuildsTheJavaCommandLine.Result r = LauncherBuildsTheJavaCommandLine.launch(Map.of(), "trian");
        assertEquals(2, r.exitCode());
        assertEquals("cutmixsl: unknown command 'trian' (see cutmixsl --help)\n", r.err());
    }

    @Test
    void noCommandPrintsUsageAndFails() throws Exception {
        LauncherBuildsTheJavaCommandLine.Result r = LauncherBuildsTheJavaCommandLine.launch(Map.of());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("usage: cutmixsl <command>"), r.err());
    }

    @Test
    void testCommandHasItsOwnHelp() throws Exception {
        LauncherBuildsTheJavaCommandLine.Result r = LauncherBuildsTheJavaCommandLine.launch(Map.of(), "test", "--help");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.lines().get(0).startsWith("usage: cutmixsl test"), r.lines().toString());
    }
}
