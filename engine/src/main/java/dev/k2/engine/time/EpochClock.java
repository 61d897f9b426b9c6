package dev.k2.engine.time;

/** UTC time in epoch nanoseconds. An interface so that handlers are tested with a manual clock. */
@FunctionalInterface
public interface EpochClock {
    long epochNanos();

    /** The system clock at nanosecond resolution, without allocating ({@code Instant.now()} does). */
    static EpochClock system() {
        long base = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        return () -> base + System.nanoTime();
    }
}
