package dev.k2.persistence.cold;

import dev.k2.persistence.DataDirectory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The cold writer in follow mode (issue 4's batch writer): one thread, named {@link #ROLE}, owns a
 * {@link ColdWriter} and tails the journal as it grows (the engine may be appending from another
 * process), closing batches on rows, bytes or age. Other threads only ask it to stop and read its
 * published {@link #lag()}.
 *
 * <pre>
 *   journal (growing) ──tailer──▶ batch ──rows/bytes/age──▶ write + commit ──fails──▶ back-off, breaker, retry
 *        ▲ nothing new: park 1 ms (up to 10 ms)                    │ lands
 *        └──────────────────────────────────────────────────────────┘ publish lag (volatile ColdLag)
 * </pre>
 *
 * <p>{@link #stop()} commits the open batch, then ends the thread; a failure of the writer is
 * rethrown there. Nothing is lost by a stop or a failure: the journal keeps every uncommitted tick and
 * the next writer resumes after the tables' watermark.
 */
public final class ColdFollower implements AutoCloseable {
    public static final String ROLE = "k2-cold-writer";
    private static final long MIN_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ColdWriter writer;
    private final CommitRetry retry;
    private final CircuitBreaker breaker;
    private final Thread thread;
    private volatile boolean stopRequested;
    private volatile ColdLag lag = ColdLag.NOT_STARTED;
    private volatile SyncResult result;
    private volatile Throwable failure;
    private boolean stopCalled;

    /** Opens the writer (taking its lock) for the data directory; call {@link #start()} to begin following. */
    public ColdFollower(DataDirectory dir, ColdSettings settings, CommitRetry retry) {
        this(new ColdWriter(dir, settings), retry);
    }

    ColdFollower(ColdWriter writer, CommitRetry retry) {
        this.writer = writer;
        this.retry = retry;
        this.breaker = retry.newBreaker(System::nanoTime);
        this.thread = new Thread(this::run, ROLE);
    }

    public ColdFollower start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            result = writer.follow(() -> stopRequested, retry, breaker, published -> lag = published,
                ColdFollower::park);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    private static void park(int emptyPolls) {
        LockSupport.parkNanos(Math.min(MAX_PARK_NS, MIN_PARK_NS * emptyPolls));
    }

    /** The lag as last published by the writer thread; safe from any thread. */
    public ColdLag lag() {
        return lag;
    }

    /** How many times the commit breaker has opened; safe from any thread. */
    public long breakerOpens() {
        return breaker.opens();
    }

    /**
     * Waits until the writer has opened the journal and published its first lag (it is then tailing), or
     * has ended, or {@code timeoutNs} passed. @return whether it is tailing
     */
    public boolean awaitFollowing(long timeoutNs) {
        long deadline = System.nanoTime() + timeoutNs;
        while (lag == ColdLag.NOT_STARTED && thread.isAlive() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(MIN_PARK_NS);
        }
        return lag != ColdLag.NOT_STARTED;
    }

    /** Whether the writer thread is still running (false after a stop or a failure). */
    public boolean running() {
        return thread.isAlive();
    }

    /**
     * Asks the writer to commit its open batch and end, waits for it, and returns what it wrote over
     * the whole run. Rethrows the writer's failure. Idempotent.
     */
    public SyncResult stop() {
        stopCalled = true;
        stopRequested = true;
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return result;
    }

    /** Stops the writer (if started and not stopped yet, rethrowing its failure) and closes it, releasing its lock. */
    @Override
    public void close() {
        try {
            if (thread.getState() != Thread.State.NEW && !stopCalled) {
                stop();
            }
        } finally {
            writer.close();
        }
    }
}
