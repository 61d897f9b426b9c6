package dev.k2.query.format;

import dev.k2.query.api.Cursor;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** {@code {"rows":[{...},...],"next_cursor":"..."|null}} followed by a newline. */
final class JsonRowWriter<R> implements RowWriter<R> {
    private final List<Column<R>> columns;
    private final String[] keys;
    private long rows;

    // each set of columns' quoted keys ("venue": ...), made once: a writer is made per HTTP request
    private static final ConcurrentHashMap<Columns<?>, String[]> KEYS = new ConcurrentHashMap<>();

    JsonRowWriter(Columns<R> columns) {
        this.columns = columns.columns();
        this.keys = KEYS.computeIfAbsent(columns, JsonRowWriter::keys);
    }

    private static String[] keys(Columns<?> columns) {
        String[] keys = new String[columns.columns().size()];
        for (int i = 0; i < keys.length; i++) {
            StringBuilder sb = new StringBuilder();
            try {
                ValueText.jsonString(sb, columns.columns().get(i).name());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            keys[i] = sb.append(':').toString();
        }
        return keys;
    }

    @Override
    public void begin(Appendable out) throws IOException {
        out.append("{\"rows\":[");
    }

    @Override
    public void row(Appendable out, R row) throws IOException {
        out.append(rows++ == 0 ? "{" : ",{");
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(keys[i]);
            columns.get(i).appendJson(out, row);
        }
        out.append('}');
    }

    @Override
    public void end(Appendable out, Cursor next) throws IOException {
        out.append("],\"next_cursor\":");
        if (next == null) {
            out.append("null");
        } else {
            ValueText.jsonString(out, next.encode());
        }
        out.append("}\n");
    }

    @Override
    public long rows() {
        return rows;
    }
}
