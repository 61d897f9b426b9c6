package dev.k2.tools.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * How every long-running command stops on Ctrl-C (SIGINT) or SIGTERM: the signal only releases
 * this latch, and the command's own thread then shuts down in order (close feeds, drain the ring,
 * commit the open batch, write its summary) before the process exits normally.
 *
 * <p>Signal handlers, not shutdown hooks: once a shutdown hook runs the JVM is already exiting and
 * other hooks run concurrently (Iceberg's stops the thread pool a final commit needs), so an orderly
 * stop has to happen before shutdown begins. {@link #close()} restores the previous handlers.
 */
public final class StopSignal implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final CountDownLatch stop = new CountDownLatch(1);
    private final Signal[] signals = new Signal[SIGNALS.length];
    private final SignalHandler[] previous = new SignalHandler[SIGNALS.length];

    private StopSignal() {
    }

    /** Handles SIGINT and SIGTERM until {@link #close()}. */
    public static StopSignal install() {
        StopSignal s = new StopSignal();
        for (int i = 0; i < SIGNALS.length; i++) {
            s.signals[i] = new Signal(SIGNALS[i]);
            s.previous[i] = Signal.handle(s.signals[i], signal -> s.trigger());
        }
        return s;
    }

    /** Asks for a stop, as a signal would. */
    public void trigger() {
        stop.countDown();
    }

    public boolean stopped() {
        return stop.getCount() == 0;
    }

    /** Waits until a stop is asked for. */
    public void await() throws InterruptedException {
        stop.await();
    }

    /** Waits up to {@code nanos}; returns true when a stop was asked for. */
    public boolean await(long nanos) throws InterruptedException {
        return stop.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        for (int i = 0; i < SIGNALS.length; i++) {
            if (signals[i] != null) {
                Signal.handle(signals[i], previous[i]);
            }
        }
    }
}
