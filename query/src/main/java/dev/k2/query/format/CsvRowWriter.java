package dev.k2.query.format;

import dev.k2.query.api.Cursor;
import java.io.IOException;
import java.util.List;

/** RFC 4180 CSV with a header line; lines end with {@code \n}; absent values are empty fields. */
final class CsvRowWriter<R> implements RowWriter<R> {
    private final Columns<R> columns;
    private final List<Column<R>> list;
    private final StringBuilder cell = new StringBuilder(32);
    private long rows;

    CsvRowWriter(Columns<R> columns) {
        this.columns = columns;
        this.list = columns.columns();
    }

    @Override
    public void begin(Appendable out) throws IOException {
        out.append(columns.header()).append('\n');
    }

    @Override
    public void row(Appendable out, R row) throws IOException {
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Column<R> c = list.get(i);
            if (c.isText()) {
                cell.setLength(0);
                c.appendPlain(cell, row);
                ValueText.csvField(out, cell);
            } else {
                c.appendPlain(out, row);
            }
        }
        out.append('\n');
        rows++;
    }

    @Override
    public void end(Appendable out, Cursor next) {
        // the cursor travels outside the body (HTTP: X-Next-Cursor; k2 query: stderr)
    }

    @Override
    public long rows() {
        return rows;
    }
}
