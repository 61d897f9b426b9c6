package dev.k2.query.format;

import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.QueryException;
import java.util.Locale;

/** The ways rows are written: JSON and CSV (HTTP API and {@code k2 query}), aligned table ({@code k2 query}). */
public enum OutputFormat {
    JSON("application/json; charset=utf-8"),
    CSV("text/csv; charset=utf-8; header=present"),
    TABLE("text/plain; charset=utf-8");

    private final String contentType;

    OutputFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The HTTP Content-Type of this format. */
    public String contentType() {
        return contentType;
    }

    /** Parses {@code json}, {@code csv} or {@code table} (any case); the error names the accepted values. */
    public static OutputFormat parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (OutputFormat f : values()) {
            if (f.name().equals(t)) {
                return f;
            }
        }
        throw new QueryException(ErrorCode.BAD_REQUEST, "unknown format '" + text + "': use json, csv or table");
    }
}
