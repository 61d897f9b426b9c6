package dev.k2.persistence.cold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * Iceberg file IO for a warehouse on the local disk, through java.nio instead of Hadoop's local
 * file system, which writes a {@code .crc} side file per file and, without Hadoop's native library,
 * runs a {@code chmod} subprocess per file it creates. Used by this process only: the files are
 * ordinary Parquet and Avro files that Spark or Trino read through their own file IO.
 */
public final class LocalFileIO implements FileIO {
    private static final long serialVersionUID = 1L;

    /** True when {@code location} is a local path ({@code /x} or {@code file:/x}). */
    static boolean isLocal(String location) {
        return location.startsWith("/") || location.startsWith("file:");
    }

    static Path path(String location) {
        return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    }

    @Override
    public InputFile newInputFile(String location) {
        return new Located(location, org.apache.iceberg.Files.localInput(path(location).toFile()));
    }

    @Override
    public OutputFile newOutputFile(String location) {
        Path file = path(location);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory for " + file + ": " + e.getMessage(), e);
        }
        OutputFile local = org.apache.iceberg.Files.localOutput(file.toFile());
        return new OutputFile() {
            @Override
            public org.apache.iceberg.io.PositionOutputStream create() {
                return local.create();
            }

            @Override
            public org.apache.iceberg.io.PositionOutputStream createOrOverwrite() {
                return local.createOrOverwrite();
            }

            @Override
            public String location() {
                return location; // as given (file:/...), so tables record the same paths as with Hadoop's file IO
            }

            @Override
            public InputFile toInputFile() {
                return new Located(location, local.toInputFile());
            }
        };
    }

    /** A local input file that reports the location it was opened with. */
    private record Located(String location, InputFile local) implements InputFile {
        @Override
        public long getLength() {
            return local.getLength();
        }

        @Override
        public org.apache.iceberg.io.SeekableInputStream newStream() {
            return local.newStream();
        }

        @Override
        public boolean exists() {
            return local.exists();
        }
    }

    @Override
    public void deleteFile(String location) {
        try {
            Files.deleteIfExists(path(location));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + location + ": " + e.getMessage(), e);
        }
    }
}
