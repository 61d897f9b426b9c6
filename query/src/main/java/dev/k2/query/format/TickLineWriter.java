package dev.k2.query.format;

import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.TickRow;
import dev.k2.query.api.TradeRow;
import java.io.IOException;
import java.util.List;

/**
 * One line per tick for a subscription, which mixes trades and quotes: CSV lines start with the
 * row type ({@code trade,...} / {@code quote,...}, columns as in {@link Columns#TRADES} and
 * {@link Columns#QUOTES}); JSON lines are objects with a {@code "type"} field.
 */
public final class TickLineWriter {
    private final boolean json;

    public TickLineWriter(OutputFormat format) {
        this.json = format == OutputFormat.JSON;
    }

    /** The CSV headers of both row types (one line each), or nothing for JSON lines. */
    public void header(Appendable out) throws IOException {
        if (!json) {
            out.append("type,").append(Columns.TRADES.header()).append('\n');
            out.append("type,").append(Columns.QUOTES.header()).append('\n');
        }
    }

    public void line(Appendable out, TickRow row) throws IOException {
        switch (row) {
            case TradeRow t -> line(out, "trade", Columns.TRADES.columns(), t);
            case QuoteRow q -> line(out, "quote", Columns.QUOTES.columns(), q);
        }
    }

    private <R> void line(Appendable out, String type, List<Column<R>> columns, R row) throws IOException {
        if (json) {
            out.append("{\"type\":\"").append(type).append('"');
            for (Column<R> c : columns) {
                out.append(",\"").append(c.name()).append("\":");
                c.appendJson(out, row);
            }
            out.append("}\n");
        } else {
            out.append(type);
            for (Column<R> c : columns) {
                out.append(',');
                if (c.isText()) {
                    StringBuilder text = new StringBuilder();
                    c.appendPlain(text, row);
                    ValueText.csvField(out, text);
                } else {
                    c.appendPlain(out, row);
                }
            }
            out.append('\n');
        }
    }
}
