package dev.k2.persistence.cold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

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
        return new OutputFile() {
            @Override
            public PositionOutputStream create() {
                return open(file, location, StandardOpenOption.CREATE_NEW);
            }

            @Override
            public PositionOutputStream createOrOverwrite() {
                return open(file, location, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            }

            @Override
            public String location() {
                return location; // as given (file:/...), so tables record the same paths as with Hadoop's file IO
            }

            @Override
            public InputFile toInputFile() {
                return newInputFile(location);
            }
        };
    }

    private static PositionOutputStream open(Path file, String location, StandardOpenOption... options) {
        try {
            OpenOption[] all = Arrays.copyOf(options, options.length + 1, OpenOption[].class);
            all[options.length] = StandardOpenOption.WRITE;
            return new BufferedPositionStream(FileChannel.open(file, all));
        } catch (FileAlreadyExistsException e) {
            throw new AlreadyExistsException("file already exists: %s", location);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * Buffered writes to a file: Parquet's footer (Thrift) and Avro write many small pieces, each of
     * which would otherwise be one {@code write} system call (Iceberg's local output is unbuffered).
     */
    private static final class BufferedPositionStream extends PositionOutputStream {
        private static final int BUFFER_BYTES = 256 * 1024;

        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        private long written;
        private boolean closed;

        BufferedPositionStream(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long getPos() {
            return written + buffer.position();
        }

        @Override
        public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) {
                drain();
            }
            buffer.put((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > buffer.remaining()) {
                drain();
                if (length >= BUFFER_BYTES) {
                    writeFully(ByteBuffer.wrap(bytes, offset, length));
                    return;
                }
            }
            buffer.put(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            drain();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (FileChannel ignored = channel) {
                drain();
            }
        }

        private void drain() throws IOException {
            buffer.flip();
            writeFully(buffer);
            buffer.clear();
        }

        private void writeFully(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                written += channel.write(bytes);
            }
        }
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
