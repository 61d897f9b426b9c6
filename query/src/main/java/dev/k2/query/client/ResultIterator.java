package dev.k2.query.client;

import dev.k2.query.api.Cursor;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.QueryException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Rows of one request read at the caller's pace. Batches arrive on the client's event loop into a
 * queue; when more than {@code highRows} rows wait, the client stops reading its socket (TCP
 * back-pressure reaches the server, which stops polling the stream), and reads again once the
 * caller has taken the queue below {@code lowRows}. Reading pauses for the whole connection: other
 * requests on it wait too. {@link #close} before the end cancels the request. One consumer thread.
 */
public final class ResultIterator<R> implements Iterator<R>, AutoCloseable {
    private static final Object END = new Object();

    private final K2Client client;
    private final int highRows;
    private final int lowRows;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final ResultListener<R> listener = new Listener();
    private long requestId;
    private Iterator<R> current = Collections.emptyIterator();
    private boolean done;
    private volatile Cursor next;
    private int bufferedRows;
    private boolean paused;
    private boolean closed;

    ResultIterator(K2Client client, int highRows) {
        this.client = client;
        this.highRows = highRows;
        this.lowRows = highRows / 2;
    }

    ResultListener<R> listener() {
        return listener;
    }

    void requestId(long id) {
        this.requestId = id;
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (done) {
                return false;
            }
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new QueryException(ErrorCode.CANCELLED, "interrupted while waiting for rows; the request was cancelled");
            }
            if (item == END) {
                finish();
                return false;
            }
            if (item instanceof QueryException e) {
                finish();
                throw new QueryException(e.code(), e.getMessage(), e);
            }
            @SuppressWarnings("unchecked")
            List<R> batch = (List<R>) item;
            taken(batch.size());
            current = batch.iterator();
        }
        return true;
    }

    @Override
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the result has no more rows");
        }
        return current.next();
    }

    /** The cursor of the next page once the iterator is exhausted ({@code null}: the result was complete). */
    public Cursor nextCursor() {
        return next;
    }

    /** Cancels the request if it is still running and releases the connection's reading. */
    @Override
    public void close() {
        boolean running;
        synchronized (this) {
            running = !closed && !done;
            closed = true;
            if (paused) {
                paused = false;
                client.resumeReading();
            }
        }
        done = true;
        queue.clear();
        if (running) {
            client.cancel(requestId);
        }
    }

    private synchronized void taken(int rows) {
        bufferedRows -= rows;
        if (paused && bufferedRows <= lowRows) {
            paused = false;
            client.resumeReading();
        }
    }

    private void finish() {
        done = true;
        synchronized (this) {
            closed = true;
            if (paused) {
                paused = false;
                client.resumeReading();
            }
        }
    }

    private final class Listener implements ResultListener<R> {
        @Override
        public void onRows(List<R> rows) {
            synchronized (ResultIterator.this) {
                if (closed) {
                    return;
                }
                queue.add(rows);
                bufferedRows += rows.size();
                if (!paused && bufferedRows > highRows) {
                    paused = true;
                    client.pauseReading();
                }
            }
        }

        @Override
        public void onEnd(long rowCount, Cursor cursor) {
            next = cursor;
            queue.add(END);
        }

        @Override
        public void onError(QueryException error) {
            queue.add(error);
        }
    }
}
