package dev.k2.query.format;

import dev.k2.query.api.Cursor;
import java.io.IOException;
import java.util.List;

/** {@code {"rows":[{...},...],"next_cursor":"..."|null}} followed by a newline. */
final class JsonRowWriter<R> implements RowWriter<R> {
    private final List<Column<R>> columns;
    private long rows;

    JsonRowWriter(Columns<R> columns) {
        this.columns = columns.columns();
    }

    @Override
    public void begin(Appendable out) throws IOException {
        out.append("{\"rows\":[");
    }

    @Override
    public void row(Appendable out, R row) throws IOException {
        out.append(rows++ == 0 ? "{" : ",{");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Column<R> column = columns.get(i);
            out.append(column.jsonKey());
            column.appendJson(out, row);
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
