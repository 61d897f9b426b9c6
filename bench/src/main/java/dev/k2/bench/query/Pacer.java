package dev.k2.bench.query;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Open-loop pacing for latency harnesses: call n is planned for {@code start + n / rate} and its
 * latency counts from that planned time (no coordinated omission), so a call that runs late makes
 * the ones behind it late too. Waits by parking until 80 µs before the planned time, then spinning.
 */
public final class Pacer {
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
     * after the start for a callee that cannot keep up; returns the calls made.
     */
    public static long run(Call call, int rate, int seconds, long deadlineSeconds, Outcome outcome) throws Exception {
        long interval = 1_000_000_000L / rate;
        long total = (long) rate * seconds;
        long start = System.nanoTime() + 1_000_000;
        long deadline = start + TimeUnit.SECONDS.toNanos(deadlineSeconds);
        long i = 0;
        for (; i < total && System.nanoTime() < deadline; i++) {
            long planned = start + i * interval;
            long now;
            while ((now = System.nanoTime()) < planned) {
                if (planned - now > 100_000) {
                    LockSupport.parkNanos(planned - now - 80_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            call.run();
            outcome.record(planned, now, System.nanoTime());
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
