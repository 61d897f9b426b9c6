package dev.k2.query.auth;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, holding at most {@code burst}. Shared by
 * all connections of one key; thread-safe; time is passed in so tests need no clock.
 */
public final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long ratePerSecond;
    private final long burst;
    private double tokens;
    private long lastNanos;

    public TokenBucket(long ratePerSecond, long burst, long nowNanos) {
        if (ratePerSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be at least 1, got " + ratePerSecond + ", " + burst);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryAcquire(long nowNanos) {
        if (nowNanos > lastNanos) {
            tokens = Math.min(burst, tokens + (double) (nowNanos - lastNanos) * ratePerSecond / NANOS_PER_SECOND);
            lastNanos = nowNanos;
        }
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    public long ratePerSecond() {
        return ratePerSecond;
    }
}
