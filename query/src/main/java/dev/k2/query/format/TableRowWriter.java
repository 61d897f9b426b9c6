package dev.k2.query.format;

import dev.k2.query.api.Cursor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table for terminals: numbers right-aligned, text left-aligned, absent values
 * empty, then a footer {@code "N rows"} (with the next cursor when there is more). Widths depend on
 * every row, so rows are kept until {@link #end}: meant for a screenful, not for millions of rows.
 */
final class TableRowWriter<R> implements RowWriter<R> {
    private final List<Column<R>> columns;
    private final List<String[]> cells = new ArrayList<>();
    private final StringBuilder scratch = new StringBuilder(32);

    TableRowWriter(Columns<R> columns) {
        this.columns = columns.columns();
    }

    @Override
    public void begin(Appendable out) {
        // header written with the rows at end(): its width depends on them
    }

    @Override
    public void row(Appendable out, R row) throws IOException {
        String[] line = new String[columns.size()];
        for (int i = 0; i < line.length; i++) {
            scratch.setLength(0);
            columns.get(i).appendPlain(scratch, row);
            line[i] = scratch.toString();
        }
        cells.add(line);
    }

    @Override
    public void end(Appendable out, Cursor next) throws IOException {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).name().length();
        }
        for (String[] line : cells) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        String[] header = new String[columns.size()];
        for (int i = 0; i < header.length; i++) {
            header[i] = columns.get(i).name();
        }
        writeLine(out, header, widths);
        for (String[] line : cells) {
            writeLine(out, line, widths);
        }
        out.append(Long.toString(cells.size())).append(cells.size() == 1 ? " row" : " rows");
        if (next != null) {
            out.append("; more with cursor ").append(next.encode());
        }
        out.append('\n');
    }

    @Override
    public long rows() {
        return cells.size();
    }

    private void writeLine(Appendable out, String[] line, int[] widths) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < line.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            int pad = widths[i] - line[i].length();
            boolean right = columns.get(i).numeric();
            if (right) {
                sb.repeat(' ', pad);
            }
            sb.append(line[i]);
            if (!right && i < line.length - 1) {
                sb.repeat(' ', pad);
            }
        }
        out.append(sb).append('\n');
    }
}
