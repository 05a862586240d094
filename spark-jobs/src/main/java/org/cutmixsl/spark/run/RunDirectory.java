package org.cutmixsl.spark.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run's output folder, on any Hadoop file system. Files are written whole to a temporary name and
 * renamed; object stores such as S3A do not rename atomically, so completeness is never judged from a
 * file's presence alone but from commit markers written last: {@code _SUCCESS} for the run,
 * {@code _COMPLETE} for each checkpoint.
 */
public final class RunDirectory {

    /** The run's commit marker. */
    public static final String SUCCESS = "_SUCCESS";
    /**
     * Spark's event logs of the applications that worked on this run (one file per application), for
     * the History Server. Not part of the run's content: a folder holding only these is an empty run.
     */
    public static final String EVENTS = "events";

    private final Path root;
    private final FileSystem fs;

    /**
     * @param location a path or URI
     * @param hadoop the Hadoop configuration (Spark's)
     */
    public RunDirectory(String location, Configuration hadoop) {
        try {
            Path p = new Path(location);
            this.fs = p.getFileSystem(hadoop);
            this.root = fs.makeQualified(p);
        } catch (IOException e) {
            throw new UncheckedIOException("run directory " + location + ": " + e.getMessage(), e);
        }
    }

    /** @return the qualified location */
    public Path root() {
        return root;
    }

    /** @return the location as a user sees it (a plain path for local files) */
    public String display() {
        return "file".equals(root.toUri().getScheme()) ? root.toUri().getPath() : root.toString();
    }

    /** @return a path inside the run */
    public Path path(String relative) {
        return new Path(root, relative);
    }

    /** @return whether the run finished (its commit marker exists) */
    public boolean isComplete() {
        return exists(SUCCESS);
    }

    /** @return whether a file or folder exists in the run */
    public boolean exists(String relative) {
        try {
            return fs.exists(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether the run folder exists and holds anything */
    public boolean hasContent() {
        try {
            if (!fs.exists(root)) {
                return false;
            }
            for (FileStatus status : fs.listStatus(root)) {
                if (!status.getPath().getName().equals(EVENTS)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the folder. */
    public void create() {
        try {
            fs.mkdirs(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + display() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes everything in the run (for --overwrite). */
    public void clear() {
        clear(null);
    }

    /**
     * Deletes everything in the run (for --overwrite) but the event log of the running application, which
     * Spark is writing into {@link #EVENTS} at that moment.
     *
     * @param applicationId the running Spark application's id, or null to delete every event log too
     */
    public void clear(String applicationId) {
        try {
            if (fs.exists(root)) {
                String keep = applicationId == null ? null : eventLogName(applicationId);
                for (FileStatus status : fs.listStatus(root)) {
                    if (keep != null && status.getPath().getName().equals(EVENTS)) {
                        for (FileStatus log : fs.listStatus(status.getPath())) {
                            if (!log.getPath().getName().contains(keep)) {
                                fs.delete(log.getPath(), true);
                            }
                        }
                    } else {
                        fs.delete(status.getPath(), true);
                    }
                }
            }
            fs.mkdirs(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear run directory " + display() + ": " + e.getMessage(), e);
        }
    }

    /**
     * An application's id as its event log names it (Spark's own sanitising of the id): a file
     * {@code <id>[.inprogress]}, or with Spark 4's default rolling logs a folder {@code eventlog_v2_<id>}.
     */
    private static String eventLogName(String applicationId) {
        return applicationId.replaceAll("[ :/]", "-").replaceAll("[.${}'\"]", "_").toLowerCase(java.util.Locale.ROOT);
    }

    /** Writes bytes to a temporary name, then renames into place. */
    public void writeBytes(String relative, byte[] bytes) {
        Path target = path(relative);
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try {
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(bytes);
            }
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename " + tmp + " -> " + target + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Writes UTF-8 text. */
    public void writeText(String relative, String text) {
        writeBytes(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a file's bytes */
    public byte[] readBytes(String relative) {
        try (InputStream in = fs.open(path(relative))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path(relative) + ": " + e.getMessage(), e);
        }
    }

    /** @return a file's text */
    public String readText(String relative) {
        return new String(readBytes(relative), StandardCharsets.UTF_8);
    }

    /** @return names of the entries of a folder in the run, or none */
    public List<String> list(String relative) {
        List<String> names = new ArrayList<>();
        try {
            Path dir = path(relative);
            if (fs.exists(dir)) {
                for (FileStatus status : fs.listStatus(dir)) {
                    names.add(status.getPath().getName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names.sort(null);
        return names;
    }

    /** Deletes a file or folder of the run. */
    public void delete(String relative) {
        try {
            fs.delete(path(relative), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
