package dev.k2.query.api;

/**
 * The engine behind every front end. {@link #open} validates the query, pins its view and returns a
 * stream; it throws {@link QueryException} with a typed code for anything it cannot answer. Thread-safe.
 */
public interface QueryService extends AutoCloseable {
    <R> ResultStream<R> open(Query<R> query);

    /**
     * The answer, already complete, when the engine holds it in memory and can produce it without
     * blocking (no disk, no DuckDB, no lock held for long); {@code null} otherwise, and the caller
     * uses {@link #open} on a thread that may block. Servers call this on their I/O thread, so a
     * latest-quote or last-trades query costs no hand-off between threads. Errors are thrown as from
     * {@link #open}. The default answers nothing from memory.
     */
    default <R> ResultStream<R> openFromMemory(Query<R> query) {
        return null;
    }

    /**
     * Last trades written into {@code out} field by field, newest first, when the engine holds them in
     * memory: what {@link #openFromMemory} answers for the same query, without a row object per trade.
     * Returns the number of rows written, or -1, having written nothing, when it cannot answer this
     * way (the caller then tries {@link #openFromMemory}, then {@link #open}). Errors are thrown as
     * from {@link #open}. The default answers nothing this way.
     */
    default int lastTradesFromMemory(Query.LastTrades query, TradeFields out) {
        return -1;
    }

    @Override
    default void close() {
    }
}
