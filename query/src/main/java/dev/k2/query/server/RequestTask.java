package dev.k2.query.server;

import dev.k2.query.api.Cursor;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.Query;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.QueryService;
import dev.k2.query.api.ResultStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's producer: opens the query and polls its {@link ResultStream} on the query
 * executor, never on an event loop (opening may hit DuckDB). Runs are serialised (a work-in-progress
 * counter), so the stream has one reader at a time although wake-ups come from any thread.
 *
 * <p><b>Flow control by credit.</b> The task holds {@value #CREDITS} credits: each batch it polls and
 * hands to its connection takes one, and it stops when none is left. The connection's event loop
 * writes the batch and gives its credit back ({@link #grant}) only while the channel is writable;
 * otherwise it keeps the task until Netty reports the channel writable again. So a stream is polled
 * no further ahead of the socket than the channel's high water mark plus {@value #CREDITS} batches,
 * and a client that stops reading holds nothing but its own paused stream: no thread, no queue. Two
 * credits, not one, let the next batch be polled while the loop encodes and writes this one (with
 * one, the query thread waited for that round trip between threads after every batch). A live stream that returns 0 rows registers
 * {@link ResultStream#onAvailable} and sleeps until the engine wakes it.
 *
 * <p>The stream is closed exactly once, on a query thread: at its end, on error, on cancel and on
 * disconnect.
 */
final class RequestTask implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestTask.class);

    /** The connection side, called from query threads; implementations hand over to their event loop. */
    interface Owner {
        void batch(RequestTask task, List<Object> rows);

        void end(RequestTask task, List<Object> rows, long rowCount, Cursor next);

        void fail(RequestTask task, ErrorCode code, String message);
    }

    private final long requestId;
    private final Query<?> query;
    private final QueryService service;
    private final Executor executor;
    private final int batchRows;
    private final Owner owner;
    private final AtomicInteger wip = new AtomicInteger();
    /** Batches that may be handed over before the connection has written the earlier ones. */
    static final int CREDITS = 2;

    private final AtomicInteger credits = new AtomicInteger(CREDITS);
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile ResultStream<?> stream;
    private boolean finished;
    private boolean listening;
    private long rowCount;

    RequestTask(long requestId, Query<?> query, QueryService service, Executor executor, int batchRows, Owner owner) {
        this.requestId = requestId;
        this.query = query;
        this.service = service;
        this.executor = executor;
        this.batchRows = batchRows;
        this.owner = owner;
    }

    long requestId() {
        return requestId;
    }

    /** Asks for a run; any thread. */
    void schedule() {
        if (wip.getAndIncrement() == 0) {
            try {
                executor.execute(this);
            } catch (RejectedExecutionException e) {
                cancelled = true;
                release();
            }
        }
    }

    /** A batch was written and the channel is writable: its credit comes back. Event loop. */
    void grant() {
        credits.incrementAndGet();
        schedule();
    }

    /** Stops the request and closes its stream (on a query thread); any thread. */
    void cancel() {
        cancelled = true;
        schedule();
    }

    @Override
    public void run() {
        int missed = 1;
        while (true) {
            step();
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void step() {
        if (finished) {
            return;
        }
        if (cancelled) {
            finished = true;
            release();
            return;
        }
        if (credits.get() <= 0) {
            return;
        }
        try {
            ResultStream<?> s = stream;
            if (s == null) {
                s = service.open(query);
                stream = s;
                if (cancelled) {
                    finished = true;
                    release();
                    return;
                }
            }
            List<Object> rows = new ArrayList<>(Math.min(batchRows, 256));
            int n = 0;
            while (rows.size() < batchRows) {
                n = s.poll(batchRows - rows.size(), rows::add);
                if (n <= 0) {
                    break;
                }
            }
            rowCount += rows.size();
            if (n == ResultStream.END) {
                Cursor next = s.nextCursor();
                finished = true;
                release();
                owner.end(this, rows, rowCount, next);
            } else if (!rows.isEmpty()) {
                if (credits.decrementAndGet() > 0) {
                    wip.incrementAndGet(); // a credit is left: run() polls the next batch right away
                }
                owner.batch(this, rows);
            } else if (!listening) {
                listening = true;
                s.onAvailable(this::schedule);
            }
        } catch (QueryException e) {
            finished = true;
            release();
            owner.fail(this, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("request {} ({}) failed", requestId, query.getClass().getSimpleName(), e);
            finished = true;
            release();
            owner.fail(this, ErrorCode.INTERNAL, "the query failed on the server: " + e);
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            ResultStream<?> s = stream;
            if (s != null) {
                try {
                    s.close();
                } catch (RuntimeException e) {
                    LOG.warn("closing the stream of request {} failed", requestId, e);
                }
            }
        }
    }
}
