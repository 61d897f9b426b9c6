package dev.k2.query.format;

import dev.k2.query.api.Cursor;
import java.io.IOException;

/**
 * Writes a result as it is read: {@link #begin}, then {@link #row} for each row (in batches, to any
 * {@link Appendable}: a {@code StringBuilder} per network chunk, or {@code System.out}), then
 * {@link #end} with the cursor of the next page. One writer per result; not thread-safe.
 *
 * <pre>
 * JSON   {"rows":[{"symbol":"BHP","price":"36.8",...},...],"next_cursor":"AQAAAA..."|null}
 * CSV    header line, then one line per row ("\n"); the cursor is not in the body
 * TABLE  aligned columns with a header and a "N rows" footer naming the next cursor; buffers every row
 * </pre>
 */
public interface RowWriter<R> {
    void begin(Appendable out) throws IOException;

    void row(Appendable out, R row) throws IOException;

    /** Ends the result; {@code next} is {@code null} when the result was complete. */
    void end(Appendable out, Cursor next) throws IOException;

    /** Rows written so far. */
    long rows();

    static <R> RowWriter<R> of(OutputFormat format, Columns<R> columns) {
        return switch (format) {
            case JSON -> new JsonRowWriter<>(columns);
            case CSV -> new CsvRowWriter<>(columns);
            case TABLE -> new TableRowWriter<>(columns);
        };
    }
}
