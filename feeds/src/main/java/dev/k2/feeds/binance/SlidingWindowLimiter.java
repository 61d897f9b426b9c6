package dev.k2.feeds.binance;

/**
 * At most {@code permits} events in any {@code windowNs}: Binance's 300 connection attempts per
 * 5 minutes, and its 5 control messages (ping, pong, close) per second per connection. A ring of the
 * last {@code permits} event times; owned by one thread, no allocation.
 */
final class SlidingWindowLimiter {
    private final long[] times;
    private final long windowNs;
    private int next;
    private int used;

    SlidingWindowLimiter(int permits, long windowNs) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, not " + permits);
        }
        this.times = new long[permits];
        this.windowNs = windowNs;
    }

    /** @return 0 when an event may happen at {@code nowNs}, else how many ns until one may. */
    long delayNs(long nowNs) {
        if (used < times.length) {
            return 0;
        }
        long oldest = times[next];
        long wait = oldest + windowNs - nowNs;
        return Math.max(0, wait);
    }

    /** Records an event at {@code nowNs} (call only when {@link #delayNs} was 0). */
    void record(long nowNs) {
        times[next] = nowNs;
        next = (next + 1) % times.length;
        if (used < times.length) {
            used++;
        }
    }
}
