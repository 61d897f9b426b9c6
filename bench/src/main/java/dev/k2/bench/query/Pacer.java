package dev.k2.bench.query;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Open-loop pacing for latency harnesses: call n is planned for {@code start + n / rate} and its
 * latency counts from that planned time (no coordinated omission), so a call that runs late makes
 * the ones behind it late too.
 *
 * <p>Waits by parking until a margin before the planned time, then spinning. A park that wakes later
 * than the margin sends the call late, and that lateness is the load generator's own, yet it counts in
 * the call's latency. On this project's 2 vCPU VM a 1 ms park wakes 118–147 µs late at the median and
 * 200–240 µs at p99 in calm rounds (the {@link #sleeper}); with the old 80 µs margin the generator
 * sent its calls late by p50 41–66 µs and p99 78–185 µs, all of it added to every engine's latency.
 * With 400 µs, p50 0 and p99 0–79 µs, measured in one run of {@code LastTradesLatency}. The price:
 * the calling thread spins ~30% of one CPU at 1,000 calls/s (the harness's one spinning thread).
 */
public final class Pacer {
    /** The default spin margin before each planned start. */
    public static final long DEFAULT_SPIN_NANOS = 400_000;
    private Pacer() {
    }

    /** One paced call. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    /** What one call took: its planned start, when it began, when it ended (nanoTime). */
    @FunctionalInterface
    public interface Outcome {
        void record(long planned, long began, long end);
    }

    /**
     * Runs {@code call} {@code rate} times a second for {@code seconds}, or until {@code deadlineSeconds}
     * after the start for a callee that cannot keep up; returns the calls made. Parks until
     * {@code spinNanos} before each planned start ({@link #DEFAULT_SPIN_NANOS} unless a harness studies
     * the margin), and records into {@code sentLate} (when not null) how late each call was sent by the
     * generator itself: after the later of its planned start and the previous call's end, so waiting
     * for a slow answer (which is the callee's) is not counted there.
     */
    public static long run(Call call, int rate, int seconds, long deadlineSeconds, long spinNanos, Histogram sentLate,
                           Outcome outcome) throws Exception {
        long interval = 1_000_000_000L / rate;
        long total = (long) rate * seconds;
        long start = System.nanoTime() + 1_000_000;
        long deadline = start + TimeUnit.SECONDS.toNanos(deadlineSeconds);
        long i = 0;
        long previousEnd = Long.MIN_VALUE; // nanoTime may be negative
        for (; i < total && System.nanoTime() < deadline; i++) {
            long planned = start + i * interval;
            long now;
            while ((now = System.nanoTime()) < planned) {
                if (planned - now > spinNanos + 20_000) {
                    LockSupport.parkNanos(planned - now - spinNanos);
                } else {
                    Thread.onSpinWait();
                }
            }
            call.run();
            long end = System.nanoTime();
            if (sentLate != null) {
                sentLate.recordValue(Math.max(0, now - Math.max(planned, previousEnd)));
            }
            previousEnd = end;
            outcome.record(planned, now, end);
        }
        return i;
    }

    /** The scheduling floor: how late a 1 ms park wakes, over {@code seconds}, into {@code lateness}. */
    public static void sleeper(int seconds, Histogram lateness) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            long planned = System.nanoTime() + 1_000_000;
            LockSupport.parkNanos(1_000_000);
            lateness.recordValue(Math.max(0, System.nanoTime() - planned));
        }
    }
}
