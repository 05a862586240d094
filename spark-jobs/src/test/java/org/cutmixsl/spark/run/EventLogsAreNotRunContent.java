package org.cutmixsl.spark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark writes its event log into {@code RUN_DIR/events} from the moment the context starts, before the job
 * has looked at the run: a folder holding only event logs is an empty run, and --overwrite keeps the event
 * log of the application that is running (Spark 4 names it {@code eventlog_v2_<app id>}) while it deletes
 * everything else.
 */
class EventLogsAreNotRunContent {

    @TempDir
    Path dir;

    @Test
    void aRunWithOnlyEventLogsIsEmptyAndOverwriteKeepsTheRunningApplicationsLog() throws Exception {
        RunDirectory run = new RunDirectory(dir.toString(), new Configuration());
        Files.createDirectories(dir.resolve("events/eventlog_v2_app-20261126024334-0004"));
        Files.writeString(dir.resolve("events/app-20261120000000-0001.zstd"), "an earlier application");
        assertFalse(run.hasContent(), "event logs alone are not a run");

        run.writeText("metrics.csv", "round\n");
        run.writeText("checkpoints/round-000001/_COMPLETE", "");
        assertTrue(run.hasContent());

        run.clear("app-20261126024334-0004");
        assertFalse(run.hasContent());
        assertEquals(List.of("eventlog_v2_app-20261126024334-0004"), run.list(RunDirectory.EVENTS));

        run.clear();
        assertFalse(Files.exists(dir.resolve("events")), "without an application id everything goes");
    }
}
