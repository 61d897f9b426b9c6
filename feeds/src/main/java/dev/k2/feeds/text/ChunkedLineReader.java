package dev.k2.feeds.text;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Splits a byte stream into lines, reading it in large chunks into one reusable buffer and handing
 * each line to a {@link LineHandler} as a range of that buffer: no {@code String} and no array per
 * line. Lines end with {@code \n} or {@code \r\n}; the terminator is not part of the range. A last
 * line without a terminator is still delivered.
 *
 * <p>A line longer than the buffer cannot be held whole: its first buffer-full is handed to
 * {@link LineHandler#onOverlongLine} and the rest of it is skipped, so one runaway line costs one
 * rejection, never unbounded memory.
 *
 * <p>Line numbers count from 1 and include empty lines, so they match what an editor shows.
 * Not thread-safe; the buffer is reused for every chunk, so a handler must not keep a range.
 */
public final class ChunkedLineReader {
    /** Receives lines as ranges of the reader's buffer, valid only during the call. */
    public interface LineHandler {
        /** A whole line, {@code bytes[start, end)}, without its terminator; it may be empty. */
        void onLine(byte[] bytes, int start, int end, long lineNumber);

        /** The first {@code end - start} bytes of a line longer than the buffer; the rest is skipped. */
        void onOverlongLine(byte[] bytes, int start, int end, long lineNumber);
    }

    private final byte[] buffer;

    public ChunkedLineReader(int bufferBytes) {
        if (bufferBytes < 2) {
            throw new IllegalArgumentException("buffer must hold at least 2 bytes, was " + bufferBytes);
        }
        buffer = new byte[bufferBytes];
    }

    /** The buffer every line range refers to (it never changes, so a parser may wrap it once). */
    public byte[] buffer() {
        return buffer;
    }

    /**
     * Reads {@code in} to its end.
     *
     * @param progress receives the total bytes read so far after each chunk; may be null
     * @return the total bytes read
     */
    public long read(InputStream in, LineHandler handler, LongConsumer progress) throws IOException {
        long totalBytes = 0;
        long lineNumber = 0;
        int filled = 0;
        int scanFrom = 0;
        boolean skippingOverlong = false;
        while (true) {
            int read = in.read(buffer, filled, buffer.length - filled);
            if (read < 0) {
                break;
            }
            filled += read;
            totalBytes += read;
            int lineStart = 0;
            for (int i = scanFrom; i < filled; i++) {
                if (buffer[i] == '\n') {
                    if (skippingOverlong) {
                        skippingOverlong = false;
                    } else {
                        deliver(handler, lineStart, i, ++lineNumber);
                    }
                    lineStart = i + 1;
                }
            }
            int remaining = filled - lineStart;
            if (lineStart > 0 && remaining > 0) {
                System.arraycopy(buffer, lineStart, buffer, 0, remaining);
            }
            filled = remaining;
            scanFrom = remaining;
            if (filled == buffer.length) {
                if (!skippingOverlong) {
                    handler.onOverlongLine(buffer, 0, filled, ++lineNumber);
                    skippingOverlong = true;
                }
                filled = 0;
                scanFrom = 0;
            }
            if (progress != null) {
                progress.accept(totalBytes);
            }
        }
        if (filled > 0 && !skippingOverlong) {
            deliver(handler, 0, filled, ++lineNumber);
        }
        return totalBytes;
    }

    private void deliver(LineHandler handler, int start, int end, long lineNumber) {
        int lineEnd = end > start && buffer[end - 1] == '\r' ? end - 1 : end;
        handler.onLine(buffer, start, lineEnd, lineNumber);
    }
}
