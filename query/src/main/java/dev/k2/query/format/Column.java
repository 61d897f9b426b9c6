package dev.k2.query.format;

import dev.k2.query.api.TickRow;
import java.io.IOException;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * One output column: a name, a kind that decides how the value is written, and how to read it from
 * a row. Long-valued columns treat {@link TickRow#NONE} ({@code Long.MIN_VALUE}) as absent: JSON
 * {@code null}, an empty CSV or table cell.
 *
 * <p>JSON types: {@link Kind#TEXT} and {@link Kind#TIME} are strings; {@link Kind#DECIMAL} is a
 * string holding the exact decimal (so no JSON parser rounds a price through {@code double});
 * {@link Kind#INTEGER} and {@link Kind#REAL} are numbers.
 */
public final class Column<R> {
    /** How a value is written. */
    public enum Kind {
        TEXT, INTEGER, DECIMAL, TIME, REAL
    }

    private final String name;
    private final Kind kind;
    private final ToLongFunction<R> longValue;
    private final ToDoubleFunction<R> doubleValue;
    private final Function<R, String> textValue;
    /** The name as a JSON object key, colon included ({@code "venue":}), made once. */
    private final String jsonKey;

    private Column(String name, Kind kind, ToLongFunction<R> longValue, ToDoubleFunction<R> doubleValue,
                   Function<R, String> textValue) {
        this.name = name;
        StringBuilder key = new StringBuilder();
        try {
            ValueText.jsonString(key, name);
        } catch (IOException e) {
            throw new AssertionError(e); // a StringBuilder does not throw
        }
        this.jsonKey = key.append(':').toString();
        this.kind = kind;
        this.longValue = longValue;
        this.doubleValue = doubleValue;
        this.textValue = textValue;
    }

    public static <R> Column<R> text(String name, Function<R, String> value) {
        return new Column<>(name, Kind.TEXT, null, null, value);
    }

    public static <R> Column<R> integer(String name, ToLongFunction<R> value) {
        return new Column<>(name, Kind.INTEGER, value, null, null);
    }

    /** A 1e-8 scaled long written as its exact decimal. */
    public static <R> Column<R> decimal(String name, ToLongFunction<R> scaled) {
        return new Column<>(name, Kind.DECIMAL, scaled, null, null);
    }

    /** UTC epoch microseconds written as ISO-8601 with six fraction digits. */
    public static <R> Column<R> time(String name, ToLongFunction<R> micros) {
        return new Column<>(name, Kind.TIME, micros, null, null);
    }

    /** A measurement (not money): a JSON number; NaN and infinities are absent. */
    public static <R> Column<R> real(String name, ToDoubleFunction<R> value) {
        return new Column<>(name, Kind.REAL, null, value, null);
    }

    public String name() {
        return name;
    }

    String jsonKey() {
        return jsonKey;
    }

    public Kind kind() {
        return kind;
    }

    /** True when the kind is written right-aligned in a table (numbers). */
    public boolean numeric() {
        return kind == Kind.INTEGER || kind == Kind.DECIMAL || kind == Kind.REAL;
    }

    /** Writes the value as CSV/table text; an absent value writes nothing. Text is not quoted. */
    public void appendPlain(Appendable out, R row) throws IOException {
        switch (kind) {
            case TEXT -> {
                String v = textValue.apply(row);
                if (v != null) {
                    out.append(v);
                }
            }
            case REAL -> {
                double v = doubleValue.applyAsDouble(row);
                if (Double.isFinite(v)) {
                    out.append(Double.toString(v));
                }
            }
            default -> {
                long v = longValue.applyAsLong(row);
                if (v != TickRow.NONE) {
                    appendLong(out, v);
                }
            }
        }
    }

    /** Writes the value as a JSON value (string, number or null). */
    public void appendJson(Appendable out, R row) throws IOException {
        switch (kind) {
            case TEXT -> {
                String v = textValue.apply(row);
                if (v == null) {
                    out.append("null");
                } else {
                    ValueText.jsonString(out, v);
                }
            }
            case REAL -> {
                double v = doubleValue.applyAsDouble(row);
                out.append(Double.isFinite(v) ? Double.toString(v) : "null");
            }
            default -> {
                long v = longValue.applyAsLong(row);
                if (v == TickRow.NONE) {
                    out.append("null");
                } else if (kind == Kind.INTEGER) {
                    appendLong(out, v);
                } else {
                    out.append('"');
                    appendLong(out, v);
                    out.append('"');
                }
            }
        }
    }

    /** True when the value is a text that CSV may need to quote. */
    boolean isText() {
        return kind == Kind.TEXT;
    }

    private void appendLong(Appendable out, long v) throws IOException {
        switch (kind) {
            case DECIMAL -> ValueText.decimal(out, v);
            case TIME -> ValueText.time(out, v);
            default -> {
                if (out instanceof StringBuilder sb) {
                    sb.append(v);
                } else {
                    out.append(Long.toString(v));
                }
            }
        }
    }
}
