package dev.k2.query.cold;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.iceberg.io.FileIO;

/**
 * Local copies of cold data files that live in object storage, for DuckDB (which reads local files
 * only here: its httpfs extension is not installed). Iceberg data files never change once written,
 * so a copy is keyed by the file's location alone and stays valid for as long as it exists; a copy
 * is complete (written to a temporary name, checked against the manifest's size, then renamed) or
 * absent. Copies are fetched through the table's own FileIO, so whatever reaches the store for the
 * writer (endpoint, credentials) reaches it here.
 *
 * <p>Not bounded: a long-running server over a large bucket keeps a copy of every file it has read.
 * Callers serialise (the planner holds its lock while fetching).
 */
final class RemoteFileCache {
    private final Path dir;

    RemoteFileCache(Path dir) {
        this.dir = dir;
    }

    /** A local path holding the bytes of {@code location} ({@code bytes} long), fetched on first use. */
    String localCopy(FileIO io, String location, long bytes) {
        Path copy = dir.resolve(name(location));
        try {
            if (Files.isRegularFile(copy) && Files.size(copy) == bytes) {
                return copy.toString();
            }
            Files.createDirectories(dir);
            Path part = Files.createTempFile(dir, "fetch-", ".part");
            try {
                try (InputStream in = io.newInputFile(location, bytes).newStream()) {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                }
                long fetched = Files.size(part);
                if (fetched != bytes) {
                    throw new IOException("fetched " + fetched + " bytes, the table's manifest says " + bytes);
                }
                Files.move(part, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
            return copy.toString();
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException(new IOException("cannot copy cold file " + location + " into " + dir + ": "
                + e.getMessage() + " (check the object store and cold.s3.* settings, and free space here)", e));
        }
    }

    private static String name(String location) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16) + ".parquet";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
