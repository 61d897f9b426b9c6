package dev.k2.query.client;

import dev.k2.query.api.Cursor;
import dev.k2.query.api.QueryException;
import java.util.List;

/**
 * Receives one request's results as they arrive, on the client's event-loop thread: keep the
 * callbacks short and never block in them (hand rows to another thread if work is heavy).
 * Exactly one of {@link #onEnd} and {@link #onError} ends a request; a subscription only ends by
 * error (cancel: {@code CANCELLED}; disconnect: {@code UNAVAILABLE}).
 */
public interface ResultListener<R> {
    /** One batch of rows, in result order. */
    void onRows(List<R> rows);

    /** The request completed after {@code rowCount} rows; {@code next} continues a cut result, else {@code null}. */
    default void onEnd(long rowCount, Cursor next) {
    }

    /** The request failed (typed code); no further callback follows. */
    default void onError(QueryException error) {
    }
}
