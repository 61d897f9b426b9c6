package dev.k2.query.engine;

import dev.k2.query.api.Cursor;
import dev.k2.query.api.ResultStream;
import java.util.List;
import java.util.function.Consumer;

/** A result already computed (aggregates, metadata), handed out in batches. */
final class ListStream<R> implements ResultStream<R> {
    private final List<R> rows;
    private final Cursor next;
    private int position;
    private volatile boolean closed;

    ListStream(List<R> rows, Cursor next) {
        this.rows = rows;
        this.next = next;
    }

    @Override
    public int poll(int max, Consumer<? super R> out) {
        if (closed || position >= rows.size()) {
            return END;
        }
        int n = Math.min(max, rows.size() - position);
        for (int i = 0; i < n; i++) {
            out.accept(rows.get(position++));
        }
        return n;
    }

    @Override
    public Cursor nextCursor() {
        return next;
    }

    @Override
    public void close() {
        closed = true;
    }
}
