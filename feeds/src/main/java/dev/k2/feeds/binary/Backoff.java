package dev.k2.feeds.binary;

/**
 * Capped exponential back-off for reconnects: {@code minNs}, then doubling up to {@code maxNs};
 * {@link #reset()} after a connection succeeds. Owned by one thread (the feed's event loop).
 */
final class Backoff {
    private final long minNs;
    private final long maxNs;
    private long nextNs;

    Backoff(long minNs, long maxNs) {
        if (minNs <= 0 || maxNs < minNs) {
            throw new IllegalArgumentException("back-off needs 0 < min <= max, was " + minNs + ".." + maxNs + " ns");
        }
        this.minNs = minNs;
        this.maxNs = maxNs;
        this.nextNs = minNs;
    }

    /** The delay before the next attempt; doubles the one after, up to the cap. */
    long nextDelayNs() {
        long delay = nextNs;
        nextNs = Math.min(maxNs, nextNs * 2);
        return delay;
    }

    void reset() {
        nextNs = minNs;
    }
}
