package dev.k2.feeds.live;

import java.util.SplittableRandom;

/**
 * Capped exponential back-off with jitter: the n-th consecutive failure waits a random time in
 * {@code [d/2, d]} where {@code d = min(max, min * 2^n)}, so many clients that lost the venue at the
 * same moment do not reconnect in step. Reset when a connection delivers data. Shared by every live
 * feed; owned by one thread (the feed's event loop).
 */
public final class ReconnectBackoff {
    private final long minNs;
    private final long maxNs;
    private final SplittableRandom random;
    private int failures;

    public ReconnectBackoff(long minNs, long maxNs, long seed) {
        if (minNs <= 0 || maxNs < minNs) {
            throw new IllegalArgumentException("back-off needs 0 < min <= max, not min " + minNs + " ns, max " + maxNs + " ns");
        }
        this.minNs = minNs;
        this.maxNs = maxNs;
        this.random = new SplittableRandom(seed);
    }

    /** The wait before the next attempt; each call counts one more failure. */
    public long nextDelayNs() {
        int shift = Math.min(failures, 30);
        long capped = Math.min(maxNs, minNs << shift);
        if (capped <= 0) {
            capped = maxNs;
        }
        failures++;
        long half = capped / 2;
        return half + random.nextLong(capped - half + 1);
    }

    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }
}
