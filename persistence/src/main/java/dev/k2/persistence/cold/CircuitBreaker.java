package dev.k2.persistence.cold;

import java.util.function.LongSupplier;

/**
 * The breaker in front of the cold writer's commits (issue 4): closed, it lets every attempt through;
 * after {@code threshold} consecutive failures it opens and refuses attempts for {@code coolDownNs};
 * then it is half-open and lets one probe through, which closes it on success or opens it again on
 * failure. Owned by the writer thread; its state is published for readers on other threads.
 */
public final class CircuitBreaker {
    /** Where the breaker stands. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long coolDownNs;
    private final LongSupplier nanoClock;
    private volatile State state = State.CLOSED;
    private volatile int consecutiveFailures;
    private volatile long opens;
    private long openedAtNs;

    /**
     * @param threshold  consecutive failures that open the breaker, at least 1
     * @param coolDownNs how long it stays open before a half-open probe
     * @param nanoClock  monotonic time (System::nanoTime; a manual clock in tests)
     */
    public CircuitBreaker(int threshold, long coolDownNs, LongSupplier nanoClock) {
        if (threshold < 1 || coolDownNs < 0) {
            throw new IllegalArgumentException("breaker threshold must be >= 1 and cool-down >= 0, were " + threshold
                + " and " + coolDownNs + " ns");
        }
        this.threshold = threshold;
        this.coolDownNs = coolDownNs;
        this.nanoClock = nanoClock;
    }

    /** Whether an attempt may go now; an open breaker past its cool-down turns half-open and allows one probe. */
    public boolean allowAttempt() {
        if (state == State.OPEN) {
            if (nanoClock.getAsLong() - openedAtNs < coolDownNs) {
                return false;
            }
            state = State.HALF_OPEN;
        }
        return true;
    }

    /** Nanoseconds until an open breaker allows a probe; 0 when it is not open or the cool-down is over. */
    public long remainingCoolDownNs() {
        return state != State.OPEN ? 0 : Math.max(0, coolDownNs - (nanoClock.getAsLong() - openedAtNs));
    }

    public void onSuccess() {
        consecutiveFailures = 0;
        state = State.CLOSED;
    }

    public void onFailure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= threshold) {
            if (state != State.OPEN) {
                opens++;
            }
            state = State.OPEN;
            openedAtNs = nanoClock.getAsLong();
        }
    }

    public State state() {
        return state;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** How many times the breaker has opened. */
    public long opens() {
        return opens;
    }
}
