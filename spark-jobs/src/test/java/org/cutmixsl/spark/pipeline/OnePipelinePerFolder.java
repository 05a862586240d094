package org.cutmixsl.spark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's lock on a local folder: one holder at a time, even when launchers race; a second one is
 * refused with a message naming the holder; a lock left by a process that died is taken over, with a
 * message; a live holder's lock is never taken; release deletes only one's own lock.
 */
class OnePipelinePerFolder {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(messages, true, StandardCharsets.UTF_8);

    private PipelineLock acquire() {
        return PipelineLock.acquire(dir.toString(), new Configuration(), log);
    }

    @Test
    void aSecondLaunchIsRefusedAndNamesTheHolder() {
        try (PipelineLock first = acquire()) {
            PipelineLock.Locked e = assertThrows(PipelineLock.Locked.class, this::acquire);
            String host = PipelineLock.Holder.hostName();
            assertTrue(e.getMessage().contains("locked by pid " + ProcessHandle.current().pid() + " on host " + host
                    + " since "), e.getMessage());
            assertTrue(Files.exists(dir.resolve(PipelineLock.NAME)));
        }
        assertFalse(Files.exists(dir.resolve(PipelineLock.NAME)), "released");
        acquire().close();
    }

    @Test
    void racingLaunchersGetOneLock() throws Exception {
        int launchers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(launchers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PipelineLock>> attempts = new ArrayList<>();
        for (int i = 0; i < launchers; i++) {
            attempts.add(pool.submit(() -> {
                go.await();
                try {
                    return acquire();
                } catch (PipelineLock.Locked e) {
                    return null;
                }
            }));
        }
        go.countDown();
        int held = 0;
        for (Future<PipelineLock> f : attempts) {
            if (f.get() != null) {
                held++;
            }
        }
        pool.shutdown();
        assertEquals(1, held);
    }

    @Test
    void aDeadHoldersLockIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long deadPid = gone.pid();
        Files.writeString(dir.resolve(PipelineLock.NAME), "pid=" + deadPid + "\nhost=" + PipelineLock.Holder.hostName()
                + "\nstarted=" + Instant.now().minusSeconds(3600) + "\n");
        try (PipelineLock lock = acquire()) {
            assertTrue(messages.toString(StandardCharsets.UTF_8).contains("taking over the stale lock"),
                    messages.toString(StandardCharsets.UTF_8));
            assertTrue(Files.readString(dir.resolve(PipelineLock.NAME)).contains("pid=" + ProcessHandle.current().pid()));
        }
    }

    @Test
    void aLiveHolderOrAnotherHostsHolderIsNeverTakenOver() throws Exception {
        Process alive = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(dir.resolve(PipelineLock.NAME), "pid=" + alive.pid() + "\nhost="
                    + PipelineLock.Holder.hostName() + "\nstarted=" + Instant.now() + "\n");
            PipelineLock.Locked e = assertThrows(PipelineLock.Locked.class, this::acquire);
            assertTrue(e.getMessage().contains("pid " + alive.pid()), e.getMessage());
        } finally {
            alive.destroyForcibly();
            alive.waitFor();
        }
        // Dead here, but the lock says another host: its pid means nothing on this one.
        Files.writeString(dir.resolve(PipelineLock.NAME), "pid=" + alive.pid() + "\nhost=elsewhere.example\nstarted="
                + Instant.now() + "\n");
        PipelineLock.Locked e = assertThrows(PipelineLock.Locked.class, this::acquire);
        assertTrue(e.getMessage().contains("on host elsewhere.example"), e.getMessage());
    }

    @Test
    void releaseLeavesSomeoneElsesLockAlone() throws Exception {
        PipelineLock lock = acquire();
        Files.delete(dir.resolve(PipelineLock.NAME));
        Files.writeString(dir.resolve(PipelineLock.NAME), "pid=1\nhost=elsewhere.example\nstarted=" + Instant.now() + "\n");
        lock.close();
        assertTrue(Files.readString(dir.resolve(PipelineLock.NAME)).contains("elsewhere.example"));
    }
}
