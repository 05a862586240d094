package org.cutmixsl.data.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One source file as a prepared dataset's manifest records it: the split it feeds, its file name, size and
 * SHA-256. Two preparations used the same sources when these agree.
 *
 * @param split {@code train} or {@code test}
 * @param name file name, without its directory
 * @param bytes file size
 * @param sha256 SHA-256 of the file's bytes, lowercase hex
 */
public record SourceFile(String split, String name, long bytes, String sha256) {

    /** Checks the fields are present. */
    public SourceFile {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
    }

    /**
     * Measures a file.
     *
     * @param split the split it feeds
     * @param file the file
     * @return its record
     * @throws InvalidSourceException if it cannot be read
     */
    public static SourceFile of(String split, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            long size = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                size += n;
            }
            return new SourceFile(split, file.getFileName().toString(), size,
                    HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new InvalidSourceException(file, "cannot be read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
