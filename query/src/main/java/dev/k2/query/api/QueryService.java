package dev.k2.query.api;

/**
 * The engine behind every front end. {@link #open} validates the query, pins its view and returns a
 * stream; it throws {@link QueryException} with a typed code for anything it cannot answer. Thread-safe.
 */
public interface QueryService extends AutoCloseable {
    <R> ResultStream<R> open(Query<R> query);

    @Override
    default void close() {
    }
}
