package org.cutmixsl.spark.pipeline;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.io.Location;

/**
 * The lock of a pipeline's output folder: a file {@code _LOCK} naming its holder (pid, host, start time),
 * created only if absent, deleted when the pipeline ends.
 *
 * <p>What "only if absent" means depends on the file system. Local paths (and NFS): the lock is written to a
 * temporary file and hard-linked to {@code _LOCK}; link(2) fails when the name exists, atomically, so of two
 * launchers exactly one gets the lock. HDFS: {@code create(path, overwrite=false)} is decided atomically by
 * the NameNode. Object stores (S3A): Hadoop's create checks for the object and then writes it, two steps that
 * another launcher can come between, so there the lock is advisory: it names the holder and stops a launch
 * that comes later, but not one at the same instant.
 *
 * <p>A lock whose holder is a process of this host that no longer runs (or a pid since reused by a process
 * started after the lock) is stale and taken over, with a message. Taking over deletes the stale file only
 * while it still holds what was read, then creates a new lock atomically as above; a holder on another host
 * is never taken over, since its pid cannot be checked from here.
 */
public final class PipelineLock implements AutoCloseable {

    /** The lock's file name in the output folder. */
    public static final String NAME = "_LOCK";

    private final Location lock;
    private final String content;

    private PipelineLock(Location lock, String content) {
        this.lock = lock;
        this.content = content;
    }

    /**
     * @param folder the output folder (a path or URI); created when missing
     * @param hadoop Hadoop settings for its file system
     * @param log where a take-over of a stale lock is reported
     * @return the held lock
     * @throws Locked when another live process holds it
     */
    public static PipelineLock acquire(String folder, Configuration hadoop, PrintStream log) {
        Location dir = Location.of(folder, hadoop);
        dir.mkdirs();
        Location lock = dir.resolve(NAME);
        Holder me = Holder.current();
        String mine = me.render();
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                if (create(lock, mine)) {
                    return new PipelineLock(lock, mine);
                }
                Optional<String> seen = read(lock);
                if (seen.isEmpty()) {
                    continue; // released between our create and our read: try again
                }
                Optional<Holder> holder = Holder.parse(seen.get());
                if (holder.isPresent() && holder.get().isDeadOn(me.host())) {
                    log.println("pipeline: taking over the stale lock " + lock + " of " + holder.get().describe()
                            + ": that process no longer runs");
                    deleteIfUnchanged(lock, seen.get());
                    continue;
                }
                throw new Locked(lock, holder.orElse(null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lock in " + dir + ": " + e.getMessage(), e);
        }
        throw new Locked(lock, read(lock).flatMap(Holder::parse).orElse(null));
    }

    /** Deletes the lock if it is still this one (a take-over by another launcher is left alone). */
    @Override
    public void close() {
        if (read(lock).map(content::equals).orElse(false)) {
            lock.delete();
        }
    }

    /** @return the lock file */
    public Location path() {
        return lock;
    }

    /** @return the lock file as a user sees it (a plain path for local files) */
    public String display() {
        return lock.toString();
    }

    private static boolean create(Location lock, String content) throws IOException {
        if (lock.isLocal()) {
            java.nio.file.Path target = lock.localPath();
            java.nio.file.Path tmp = Files.createTempFile(target.getParent(), "." + NAME + "-", ".tmp");
            try {
                Files.writeString(tmp, content, StandardCharsets.UTF_8);
                Files.createLink(target, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        FileSystem fs = lock.fileSystem();
        try (OutputStream out = fs.create(lock.hadoopPath(), false)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (lock.exists()) {
                return false;
            }
            throw e;
        }
    }

    private static Optional<String> read(Location lock) {
        try {
            return Optional.of(lock.readText());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void deleteIfUnchanged(Location lock, String seen) {
        if (read(lock).map(seen::equals).orElse(false)) {
            lock.delete();
        }
    }

    /**
     * Who holds a lock.
     *
     * @param pid the holder's process id
     * @param host the holder's host name
     * @param started when it took the lock
     */
    public record Holder(long pid, String host, Instant started) {

        static Holder current() {
            return new Holder(ProcessHandle.current().pid(), hostName(), Instant.now());
        }

        static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                String env = System.getenv("HOSTNAME");
                return env == null || env.isBlank() ? "unknown-host" : env;
            }
        }

        String render() {
            return "pid=" + pid + "\nhost=" + host + "\nstarted=" + started + "\n";
        }

        static Optional<Holder> parse(String text) {
            Map<String, String> fields = new HashMap<>();
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
            try {
                return Optional.of(new Holder(Long.parseLong(fields.get("pid")), fields.get("host"),
                        Instant.parse(fields.get("started"))));
            } catch (NumberFormatException | NullPointerException | DateTimeParseException e) {
                return Optional.empty(); // being written, or not a lock of ours: treated as held
            }
        }

        /** @return whether this holder is a process of {@code thisHost} that is gone */
        boolean isDeadOn(String thisHost) {
            if (!host.equals(thisHost)) {
                return false;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty() || !process.get().isAlive()) {
                return true;
            }
            // The pid is in use, but by a process started after the lock was taken: a reused pid.
            return process.get().info().startInstant().map(start -> start.isAfter(started.plusSeconds(1))).orElse(false);
        }

        /** @return "pid P on host H since T" */
        public String describe() {
            return "pid " + pid + " on host " + host + " since " + started;
        }
    }

    /** Another live process holds the lock. */
    public static final class Locked extends RuntimeException implements ExitCodes.Cause {
        private static final long serialVersionUID = 1L;

        @Override
        public int exitCode() {
            return ExitCodes.LOCKED;
        }

        Locked(Location lock, Holder holder) {
            super(lock.parent() + " is locked by " + (holder == null ? "an unknown holder (unreadable "
                    + NAME + ")" : holder.describe()) + " (" + lock + "): another pipeline runs there; if you are"
                    + " sure none does, delete " + lock);
        }
    }
}
