package dev.k2.query.engine;

import dev.k2.query.api.ResultStream;
import dev.k2.query.api.TickRow;
import dev.k2.query.hot.HotFilter;
import dev.k2.query.hot.HotStore;
import dev.k2.query.hot.JournalSlice;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A live stream: first the history (the hybrid view up to the journal end {@code E} pinned when the
 * subscription opened, oldest first), then every new matching tick after {@code E} in journal order.
 * The subscription keeps its own position (a journal key) and reads at the pace it is polled: from
 * the hot store's journal-order ring while that still holds its position, else straight from the
 * journal, so a slow subscriber holds up nobody. {@link #onAvailable} fires (on the tailer thread)
 * after the journal grew while the subscription was waiting.
 */
final class Subscription implements ResultStream<TickRow> {
    private final HotStore store;
    private final JournalSlice journal;
    private final HotFilter filter;
    private final ArrayDeque<TickRow> pending = new ArrayDeque<>();
    private final AtomicBoolean waiting = new AtomicBoolean();
    private final AtomicLong callbackErrors;
    private final Runnable listener = this::journalGrew;
    private MergedTicks<TickRow> history;
    private long positionIndex;
    private int positionRecord;
    private volatile Runnable callback;
    private volatile boolean closed;

    /** @param journalEnd live ticks are those after this journal index */
    Subscription(HotStore store, JournalSlice journal, HotFilter filter, MergedTicks<TickRow> history, long journalEnd,
                 AtomicLong callbackErrors) {
        this.store = store;
        this.journal = journal;
        this.filter = filter;
        this.history = history;
        this.positionIndex = journalEnd;
        this.positionRecord = Integer.MAX_VALUE;
        this.callbackErrors = callbackErrors;
        store.addListener(listener);
    }

    private void journalGrew() {
        Runnable cb = callback;
        if (cb != null && !closed && waiting.getAndSet(false)) {
            try {
                cb.run();
            } catch (RuntimeException e) {
                callbackErrors.incrementAndGet();
            }
        }
    }

    @Override
    public int poll(int max, Consumer<? super TickRow> out) {
        if (closed) {
            return END;
        }
        if (history != null) {
            int n = history.poll(max, out);
            if (n != END) {
                return n;
            }
            history = null;
        }
        if (pending.isEmpty()) {
            waiting.set(true); // before looking: a tick applied meanwhile fires the callback
            fill(max);
        }
        int n = 0;
        while (n < max && !pending.isEmpty()) {
            TickRow row = pending.poll();
            out.accept(row);
            positionIndex = row.journalIndex();
            positionRecord = row.journalRecord();
            n++;
        }
        if (n > 0) {
            waiting.set(false);
        }
        return n;
    }

    private void fill(int max) {
        long index = positionIndex;
        int record = positionRecord;
        boolean held = store.collectLive(index, record, filter, row -> {
            pending.add(row);
            return pending.size() < max;
        });
        if (!held) {
            pending.clear();
            journal.collectAfterKey(index, record, max, filter, pending::add);
        }
    }

    @Override
    public void onAvailable(Runnable callback) {
        this.callback = callback;
    }

    @Override
    public void close() {
        closed = true;
        store.removeListener(listener);
        MergedTicks<TickRow> h = history;
        if (h != null) {
            h.close();
        }
    }
}
