package dev.k2.query.engine;

import dev.k2.query.api.TickRow;
import dev.k2.query.hot.HotFilter;
import dev.k2.query.hot.HotStore;
import dev.k2.query.hot.JournalSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hot part of a view: exactly the journal's ticks with {@code watermark < index <= journalEnd}
 * matching a filter, from the hot store when it holds all of them, else read from the journal.
 */
final class HotPart {
    private final HotStore store;
    private final JournalSlice journal;
    private final AtomicLong fromStore = new AtomicLong();
    private final AtomicLong fromJournal = new AtomicLong();

    HotPart(HotStore store, JournalSlice journal) {
        this.store = store;
        this.journal = journal;
    }

    /** The rows, sorted by tick order. */
    List<TickRow> rows(long watermark, long journalEnd, HotFilter filter) {
        List<TickRow> rows = new ArrayList<>();
        if (journalEnd > watermark) {
            if (store.collect(watermark, journalEnd, filter, rows::add)) {
                fromStore.incrementAndGet();
            } else {
                rows.clear();
                fromJournal.incrementAndGet();
                journal.collect(watermark, journalEnd, filter, rows::add);
            }
        }
        rows.sort(TickRow::compare);
        return rows;
    }

    long fromStore() {
        return fromStore.get();
    }

    long fromJournal() {
        return fromJournal.get();
    }
}
