package dev.k2.query.api;

import java.util.function.Consumer;

/**
 * A result read in batches, at the reader's pace: the engine produces only when {@link #poll} is
 * called, so a slow client holds nothing but its own stream. Single reader; not thread-safe except
 * {@link #onAvailable} callbacks and {@link #close}.
 */
public interface ResultStream<R> extends AutoCloseable {
    /** {@link #poll} result when the stream has ended. */
    int END = -1;

    /**
     * Hands up to {@code max} rows to {@code out} and returns how many, or {@link #END} when no row
     * is left. A live stream (subscribe) returns 0 when nothing is ready yet: wait for
     * {@link #onAvailable} and poll again.
     */
    int poll(int max, Consumer<? super R> out);

    /** Where the next page starts when the limit cut the result; {@code null} when it was complete. Valid after END. */
    default Cursor nextCursor() {
        return null;
    }

    /** Registers a callback run (on any thread) when a live stream that returned 0 may have rows again. */
    default void onAvailable(Runnable callback) {
    }

    /** Frees what the stream holds; idempotent; may be called from any thread (cancel). */
    @Override
    void close();
}
