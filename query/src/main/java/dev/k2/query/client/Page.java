package dev.k2.query.client;

import dev.k2.query.api.Cursor;
import java.util.List;

/** A complete result: its rows and, when its limit cut it, the cursor of the next page ({@code null} when complete). */
public record Page<R>(List<R> rows, Cursor next) {
    public Page {
        rows = List.copyOf(rows);
    }

    public boolean hasMore() {
        return next != null;
    }
}
