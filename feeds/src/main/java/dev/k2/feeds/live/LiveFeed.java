package dev.k2.feeds.live;

/**
 * A network feed (Binance WebSocket, binary TCP) that publishes into the engine's ring until it is
 * closed. Its I/O threads are its own (Netty event loops); it reaches the engine only through the
 * {@link FeedContext}: {@code TickIngress.tryClaim()} for back-pressure (stop reading the socket
 * when the ring is full, never drop), and its own dead-letter sink created on the thread that uses it.
 */
public interface LiveFeed extends AutoCloseable {
    /** Connects (asynchronously) and starts publishing. */
    void start();

    /** Counters any thread may read while the feed runs. */
    FeedStats stats();

    /**
     * Disconnects and returns only when no feed thread will publish again, so the caller can then
     * drain the ring and close the journal.
     */
    @Override
    void close();
}
