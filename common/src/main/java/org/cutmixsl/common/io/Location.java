package org.cutmixsl.common.io;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * A file or folder a user named, on any Hadoop file system: a plain local path (relative to the working directory,
 * as always), {@code file:}, {@code hdfs://}, {@code s3a://} or any scheme whose file system is on the classpath.
 * Every path the commands take ({@code --out}, {@code --run}, {@code --study}, {@code --config}, {@code data.dir})
 * goes through this one class, so that they all accept the same names.
 *
 * <p>Files are written whole to a temporary sibling and renamed into place ({@link #writeBytes}); on object stores
 * such as S3A, whose rename is a copy, readers judge completeness from commit markers written last, never from a
 * file's presence alone. Local files are read and written as plain files, without the {@code .NAME.crc} checksum
 * files Hadoop's local file system keeps (a file edited by hand stays readable), while listing, renaming and deleting
 * go through that file system, so that the checksums of files Spark wrote follow their files.
 *
 * <p>Failures are unchecked: a name that is no path ({@link IllegalArgumentException}, naming it and what is wrong),
 * or a file that cannot be read or written ({@link UncheckedIOException}, naming the file).
 */
public final class Location {

    /** Prefix of the Spark settings that are Hadoop settings ({@code spark.hadoop.fs.s3a.endpoint}). */
    static final String SPARK_HADOOP = "spark.hadoop.";

    private final FileSystem fs;
    private final Path path;

    private Location(FileSystem fs, Path path) {
        this.fs = fs;
        this.path = path;
    }

    /**
     * A location with the Hadoop settings of {@link #settings()}.
     *
     * @param pathOrUri a local path or a URI
     * @return the location, qualified (a local path made absolute)
     * @throws IllegalArgumentException when the text is blank, no valid path, or names a scheme with no file system
     */
    public static Location of(String pathOrUri) {
        return of(pathOrUri, settings());
    }

    /**
     * @param pathOrUri a local path or a URI
     * @param hadoop Hadoop settings (a Spark context's, or {@link #settings()})
     * @return the location, qualified (a local path made absolute)
     * @throws IllegalArgumentException when the text is blank, no valid path, or names a scheme with no file system
     */
    public static Location of(String pathOrUri, Configuration hadoop) {
        if (pathOrUri == null || pathOrUri.isBlank()) {
            throw new IllegalArgumentException("no path given (expected a local path or a URI such as"
                    + " hdfs://namenode:8020/folder)");
        }
        Path p;
        try {
            p = new Path(pathOrUri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(pathOrUri + " is not a valid path or URI: " + rootCause(e), e);
        }
        try {
            FileSystem fs = p.getFileSystem(hadoop);
            return new Location(fs, fs.makeQualified(p));
        } catch (UnsupportedFileSystemException e) {
            throw new IllegalArgumentException(pathOrUri + ": no Hadoop file system for the scheme '"
                    + p.toUri().getScheme() + "' (local paths, file:, hdfs:// and s3a:// are; others need their"
                    + " Hadoop connector on the classpath)", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(pathOrUri + ": cannot reach its file system: " + rootCause(e), e);
        }
    }

    /**
     * A location a command-line option or configuration key names, with {@link #settings()}.
     *
     * @param option the option or key, leading any message ({@code --out}, {@code data.dir =})
     * @param pathOrUri its value
     * @return the location, qualified
     * @throws IllegalArgumentException naming the option, its value and what is wrong with it
     */
    public static Location forOption(String option, String pathOrUri) {
        try {
            return of(pathOrUri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + e.getMessage(), e);
        }
    }

    /**
     * The Hadoop settings a Spark application's context would start from, for code that runs before or without
     * one: Hadoop's defaults (core-site.xml from {@code HADOOP_CONF_DIR} where spark-submit put it on the
     * classpath), then every {@code spark.hadoop.*} system property (spark-submit's {@code --conf} settings).
     *
     * @return fresh settings
     */
    public static Configuration settings() {
        Configuration hadoop = new Configuration(Defaults.HADOOP);
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(SPARK_HADOOP)) {
                hadoop.set(key.substring(SPARK_HADOOP.length()), System.getProperty(key));
            }
        }
        return hadoop;
    }

    /** Hadoop's defaults, read once (parsing core-default.xml for every path would cost milliseconds each). */
    private static final class Defaults {
        static final Configuration HADOOP = loaded();

        private static Configuration loaded() {
            Configuration hadoop = new Configuration();
            hadoop.size(); // reads the resources now
            return hadoop;
        }
    }

    /**
     * @param relative a path inside this folder ({@code a/b.txt})
     * @return that file or folder
     */
    public Location resolve(String relative) {
        return relative.isEmpty() ? this : new Location(fs, new Path(path, relative));
    }

    /** @return the folder this is in (itself for a root) */
    public Location parent() {
        Path parent = path.getParent();
        return parent == null ? this : new Location(fs, parent);
    }

    /** @return the last name of the path */
    public String name() {
        return path.getName();
    }

    /** @return whether it is on the local file system */
    public boolean isLocal() {
        return "file".equals(path.toUri().getScheme());
    }

    /**
     * @return the local file, for APIs that only take one
     * @throws IllegalStateException when it is not local
     */
    public java.nio.file.Path localPath() {
        if (!isLocal()) {
            throw new IllegalStateException(this + " is not on the local file system");
        }
        return java.nio.file.Paths.get(path.toUri());
    }

    /** @return the qualified URI, for Spark's readers and writers ({@code file:/a/b}, {@code hdfs://nn:8020/a/b}) */
    public String uri() {
        return path.toString();
    }

    /** @return the qualified Hadoop path */
    public Path hadoopPath() {
        return path;
    }

    /** @return its file system */
    public FileSystem fileSystem() {
        return fs;
    }

    /** @return the location as a user names it: a plain absolute path for local files, the URI otherwise */
    @Override
    public String toString() {
        return isLocal() ? path.toUri().getPath() : path.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Location other && path.equals(other.path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    /** @return whether a file or folder is there */
    public boolean exists() {
        try {
            return fs.exists(path);
        } catch (IOException e) {
            throw failure("cannot look up", e);
        }
    }

    /** @return whether a folder is there */
    public boolean isDirectory() {
        FileStatus status = statusOrNull();
        return status != null && status.isDirectory();
    }

    /** @return whether a file is there */
    public boolean isFile() {
        FileStatus status = statusOrNull();
        return status != null && status.isFile();
    }

    private FileStatus statusOrNull() {
        try {
            return fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw failure("cannot look up", e);
        }
    }

    /** @return the entries of this folder, sorted by name; none when it is missing or a file */
    public List<Location> list() {
        List<Location> entries = new ArrayList<>();
        if (!isDirectory()) {
            return entries;
        }
        try {
            for (FileStatus status : fs.listStatus(path)) {
                entries.add(new Location(fs, status.getPath()));
            }
        } catch (FileNotFoundException e) {
            return entries;
        } catch (IOException e) {
            throw failure("cannot list", e);
        }
        entries.sort(Comparator.comparing(Location::name));
        return entries;
    }

    /** Creates this folder and the folders above it, where missing. */
    public void mkdirs() {
        try {
            if (!fs.mkdirs(path)) {
                throw new IOException("the file system refused");
            }
        } catch (IOException e) {
            throw failure("cannot create the folder", e);
        }
    }

    /** Deletes this file, or this folder with everything in it; nothing happens when it is missing. */
    public void delete() {
        try {
            fs.delete(path, true);
        } catch (IOException e) {
            throw failure("cannot delete", e);
        }
    }

    /**
     * Renames this file or folder. Unlike Hadoop's own rename, an existing target folder is never entered: when the
     * target exists, or appears meanwhile, nothing is moved and the answer is false. (A move into a target that
     * appeared meanwhile is recognised by this folder's name inside the target, so it is meant for uniquely named
     * sources such as temporary folders.)
     *
     * @param target the new name, on the same file system
     * @return whether it was renamed
     */
    public boolean renameTo(Location target) {
        try {
            if (fs.exists(target.path) || !fs.rename(path, target.path)) {
                return false;
            }
            Path inside = new Path(target.path, path.getName());
            if (fs.exists(inside)) {
                // Hadoop moved us into a folder of that name that another process created meanwhile: undo.
                fs.rename(inside, path);
                return false;
            }
            return true;
        } catch (IOException e) {
            throw failure("cannot rename to " + target + ":", e);
        }
    }

    /** @return the file system that reads and writes bytes: the plain one under a checksummed local one */
    private FileSystem bytes() {
        return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    }

    /** @return the file's bytes */
    public byte[] readBytes() {
        try (InputStream in = bytes().open(path)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot read " + this + ": no such file", e);
        } catch (IOException e) {
            throw failure("cannot read", e);
        }
    }

    /** @return the file's text, UTF-8 */
    public String readText() {
        return new String(readBytes(), StandardCharsets.UTF_8);
    }

    /**
     * Writes a file whole: to a temporary sibling, then renamed into place (a file already there is replaced). The
     * folder is created where missing.
     *
     * @param bytes the content
     */
    public void writeBytes(byte[] bytes) {
        Path tmp = new Path(path.getParent(), "." + path.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = bytes().create(tmp, true)) {
                out.write(bytes);
            }
            if (fs.exists(path)) {
                fs.delete(path, false);
            }
            if (!fs.rename(tmp, path)) {
                throw new IOException("rename of " + tmp + " failed");
            }
        } catch (IOException e) {
            try {
                fs.delete(tmp, false);
            } catch (IOException ignored) {
                e.addSuppressed(ignored);
            }
            throw failure("cannot write", e);
        }
    }

    /** Writes UTF-8 text whole ({@link #writeBytes}). */
    public void writeText(String text) {
        writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A stream that adds to the end of the file (created when missing), for logs. Object stores, which cannot
     * append, get the file written again whole when the stream is closed.
     *
     * @return the stream; close it
     */
    public OutputStream append() {
        FileSystem target = bytes();
        try {
            if (!target.exists(path)) {
                return target.create(path, false);
            }
            try {
                return target.append(path);
            } catch (UnsupportedOperationException e) {
                byte[] before = readBytes();
                return new ByteArrayOutputStream() {
                    private boolean closed;

                    @Override
                    public void close() {
                        if (closed) {
                            return;
                        }
                        closed = true;
                        byte[] whole = new byte[before.length + count];
                        System.arraycopy(before, 0, whole, 0, before.length);
                        System.arraycopy(buf, 0, whole, before.length, count);
                        writeBytes(whole);
                    }
                };
            }
        } catch (IOException e) {
            throw failure("cannot append to", e);
        }
    }

    /**
     * Copies a local file or folder here, a folder with everything in it.
     *
     * @param local the local file or folder
     * @throws IllegalStateException when something is here already (Hadoop would copy into it)
     */
    public void copyFromLocal(java.nio.file.Path local) {
        if (exists()) {
            throw new IllegalStateException(this + " exists: delete it before copying " + local + " there");
        }
        try {
            fs.copyFromLocalFile(false, false, new Path(local.toAbsolutePath().toUri()), path);
        } catch (IOException e) {
            throw failure("cannot copy " + local + " to", e);
        }
    }

    /**
     * Copies this file or folder to a local path that does not exist yet.
     *
     * @param local where the copy goes
     */
    public void copyToLocal(java.nio.file.Path local) {
        try {
            fs.copyToLocalFile(false, path, new Path(local.toAbsolutePath().toUri()), true);
        } catch (IOException e) {
            throw failure("cannot copy to " + local + " from", e);
        }
    }

    /**
     * This file or folder as a local path, for APIs that only read local files (DJL's model loader, the IDX reader):
     * itself when it is local, else a copy in a temporary folder that {@link LocalCopy#close()} deletes.
     *
     * @return the local path, to close after use
     */
    public LocalCopy localCopy() {
        if (isLocal()) {
            return new LocalCopy(localPath(), null);
        }
        java.nio.file.Path folder;
        try {
            folder = java.nio.file.Files.createTempDirectory("cutmixsl-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary folder for a copy of " + this + ": "
                    + e.getMessage(), e);
        }
        java.nio.file.Path copy = folder.resolve(name());
        copyToLocal(copy);
        return new LocalCopy(copy, folder);
    }

    /**
     * A local path for reading a {@link Location}: the file itself, or a temporary copy.
     *
     * @param path the local file or folder
     * @param temporary the temporary folder holding the copy, deleted on close; null when {@code path} is the original
     */
    public record LocalCopy(java.nio.file.Path path, java.nio.file.Path temporary) implements AutoCloseable {
        @Override
        public void close() {
            if (temporary != null) {
                try {
                    FileTrees.deleteRecursively(temporary);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete the temporary copy " + temporary + ": "
                            + e.getMessage(), e);
                }
            }
        }
    }

    private UncheckedIOException failure(String what, IOException e) {
        return new UncheckedIOException(what + " " + this + ": " + rootCause(e), e);
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
