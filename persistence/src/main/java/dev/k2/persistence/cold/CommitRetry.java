package dev.k2.persistence.cold;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How the cold writer retries a batch whose files or commit failed: capped exponential back-off
 * ({@code initialBackoffMs}, doubling, at most {@code maxBackoffMs}) behind a {@link CircuitBreaker}
 * that opens after {@code breakerThreshold} consecutive failures and probes again after
 * {@code breakerCoolDownMs}. The journal keeps the batch's data meanwhile, so waiting loses nothing.
 *
 * @param initialBackoffMs  wait after the first failure
 * @param maxBackoffMs      cap on the doubling wait
 * @param breakerThreshold  consecutive failures that open the breaker
 * @param breakerCoolDownMs how long an open breaker waits before its half-open probe
 */
public record CommitRetry(long initialBackoffMs, long maxBackoffMs, int breakerThreshold, long breakerCoolDownMs) {
    /** Follow mode's default: 100 ms doubling to 5 s, the breaker opening after 5 failures for 30 s. */
    public static final CommitRetry DEFAULT = new CommitRetry(100, 5_000, 5, 30_000);

    public CommitRetry {
        if (initialBackoffMs < 0 || maxBackoffMs < initialBackoffMs || breakerThreshold < 1 || breakerCoolDownMs < 0) {
            throw new IllegalArgumentException("commit retry needs 0 <= initialBackoffMs <= maxBackoffMs, breakerThreshold"
                + " >= 1 and breakerCoolDownMs >= 0; was " + this);
        }
    }

    public CircuitBreaker newBreaker(LongSupplier nanoClock) {
        return new CircuitBreaker(breakerThreshold, TimeUnit.MILLISECONDS.toNanos(breakerCoolDownMs), nanoClock);
    }

    /** The wait after the {@code failures}-th consecutive failure (1-based), in nanoseconds. */
    public long backoffNs(int failures) {
        long ms = initialBackoffMs;
        for (int i = 1; i < failures && ms < maxBackoffMs; i++) {
            ms *= 2;
        }
        return TimeUnit.MILLISECONDS.toNanos(Math.min(ms, maxBackoffMs));
    }
}
