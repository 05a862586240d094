package org.cutmixsl.spark.run;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.cutmixsl.common.io.Location;

/**
 * A run's output folder, on any Hadoop file system ({@link Location}). Files are written whole to a temporary name
 * and renamed; object stores such as S3A do not rename atomically, so completeness is never judged from a
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

    private final Location root;

    /**
     * @param location a path or URI
     * @param hadoop the Hadoop configuration (Spark's)
     * @throws IllegalArgumentException when the location is no path, naming it
     */
    public RunDirectory(String location, Configuration hadoop) {
        this.root = Location.of(location, hadoop);
    }

    /** @return the qualified location */
    public Path root() {
        return root.hadoopPath();
    }

    /** @return the folder */
    public Location location() {
        return root;
    }

    /** @return the location as a user sees it (a plain path for local files) */
    public String display() {
        return root.toString();
    }

    /** @return a path inside the run */
    public Path path(String relative) {
        return root.resolve(relative).hadoopPath();
    }

    /** @return whether the run finished (its commit marker exists) */
    public boolean isComplete() {
        return exists(SUCCESS);
    }

    /** @return whether a file or folder exists in the run */
    public boolean exists(String relative) {
        return root.resolve(relative).exists();
    }

    /** @return whether the run folder exists and holds anything */
    public boolean hasContent() {
        for (Location entry : root.list()) {
            if (!entry.name().equals(EVENTS)) {
                return true;
            }
        }
        return false;
    }

    /** Creates the folder. */
    public void create() {
        root.mkdirs();
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
        String keep = applicationId == null ? null : eventLogName(applicationId);
        for (Location entry : root.list()) {
            if (keep != null && entry.name().equals(EVENTS)) {
                for (Location log : entry.list()) {
                    if (!log.name().contains(keep)) {
                        log.delete();
                    }
                }
            } else {
                entry.delete();
            }
        }
        root.mkdirs();
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
        root.resolve(relative).writeBytes(bytes);
    }

    /** Writes UTF-8 text. */
    public void writeText(String relative, String text) {
        root.resolve(relative).writeText(text);
    }

    /** @return a file's bytes */
    public byte[] readBytes(String relative) {
        return root.resolve(relative).readBytes();
    }

    /** @return a file's text */
    public String readText(String relative) {
        return root.resolve(relative).readText();
    }

    /** @return names of the entries of a folder in the run, or none */
    public List<String> list(String relative) {
        List<String> names = new ArrayList<>();
        for (Location entry : root.resolve(relative).list()) {
            names.add(entry.name());
        }
        return names;
    }

    /** Deletes a file or folder of the run. */
    public void delete(String relative) {
        root.resolve(relative).delete();
    }
}
