package dev.k2.persistence.cold;

import java.io.IOException;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * An Iceberg output file as parquet-mr's {@link OutputFile}, for {@code ParquetFileWriter}. Keeps the
 * file's length once the stream is closed (parquet-mr closes it in {@code end}).
 */
final class ParquetOutput implements OutputFile {
    private final org.apache.iceberg.io.OutputFile file;
    private org.apache.iceberg.io.PositionOutputStream open;
    private long length = -1;

    ParquetOutput(org.apache.iceberg.io.OutputFile file) {
        this.file = file;
    }

    /** Bytes written, known once the stream is closed; -1 before. */
    long length() {
        return length;
    }

    /** Closes the stream after a failed write, if parquet-mr has not (its {@code abort} leaves it open). */
    void abandon() {
        if (open != null && length < 0) {
            try {
                open.close();
            } catch (IOException | RuntimeException ignored) {
                // the write already failed; that error is the one to report
            }
        }
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return stream(file.create());
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return stream(file.createOrOverwrite());
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return file.location();
    }

    private PositionOutputStream stream(org.apache.iceberg.io.PositionOutputStream out) {
        open = out;
        return new PositionOutputStream() {
            @Override
            public long getPos() throws IOException {
                return out.getPos();
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                length = out.getPos();
                out.close();
            }
        };
    }
}
