package dev.k2.query.hot;

import dev.k2.engine.tick.TickEvent;
import dev.k2.persistence.journal.JournalReader;
import dev.k2.persistence.journal.JournalVisitor;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Thread {@code k2-query-hot}: tails the journal from its first excerpt into the {@link HotStore}, the
 * store's one writer. Reads whatever the journal holds, then parks {@code pollIntervalMs} when there
 * is nothing new (it never spins, and the ingest engine never waits for it); a journal that stays
 * quiet is polled less and less often, down to one poll per {@value #IDLE_BACKOFF}× that interval
 * after a few hundred empty polls, so an idle server is nearly idle (the first tick after a quiet
 * spell is seen at most that late; a flowing journal is polled at the full rate). After each batch it
 * publishes how far it applied and wakes the subscriptions; every {@code trimIntervalMs} it asks the
 * cold tier for its watermark and drops what the cold tier holds beyond the newest K per instrument.
 * Errors are counted, the last one kept, and the tailer retries after a pause.
 */
public final class HotTailer implements AutoCloseable {
    public static final String ROLE = "k2-query-hot";
    private static final long RETRY_PAUSE_MS = 100;
    /** The idle poll interval grows to at most this multiple of {@code pollIntervalMs}... */
    static final int IDLE_BACKOFF = 8;
    /** ...doubling after each this many empty polls in a row. */
    private static final int EMPTY_POLLS_PER_DOUBLING = 100;

    private final Path journalDir;
    private final HotStore store;
    private final LongSupplier coldWatermark;
    private final Thread thread;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<Throwable> lastError = new AtomicReference<>();
    private volatile boolean running = true;

    /** @param coldWatermark the lowest watermark of the cold tables (-1 for none); called on the tailer thread */
    public HotTailer(Path journalDir, HotStore store, LongSupplier coldWatermark) {
        this.journalDir = journalDir;
        this.store = store;
        this.coldWatermark = coldWatermark;
        this.thread = new Thread(this::run, ROLE);
        thread.setDaemon(true);
    }

    public HotTailer start() {
        thread.start();
        return this;
    }

    public long errors() {
        return errors.get();
    }

    public Throwable lastError() {
        return lastError.get();
    }

    private void run() {
        long resumeAfter = -1;
        while (running) {
            try {
                resumeAfter = tail(resumeAfter);
            } catch (RuntimeException | Error e) {
                errors.incrementAndGet();
                lastError.set(e);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MS));
            }
        }
    }

    /** Tails until stopped or failing; returns the last index applied. */
    private long tail(long resumeAfter) {
        Applier applier = new Applier(resumeAfter);
        try (JournalReader reader = new JournalReader(journalDir, store.registry())) {
            if (resumeAfter < 0 || !reader.seek(resumeAfter)) {
                reader.rewind();
            }
            long nextTrim = 0;
            boolean moving = true;
            int emptyPolls = 0;
            long pollNanos = TimeUnit.MILLISECONDS.toNanos(store.settings().pollIntervalMs());
            while (running) {
                if (moving) {
                    // the end as of now, for queries while this read catches up (journalEnd()); Chronicle's
                    // lastIndex() costs 30-100 us and ~4 KB of garbage, so an idle journal is not asked: an
                    // empty read already proves the applied index is its end
                    store.observed(reader.lastIndex());
                }
                // after an empty read, one excerpt at most: if the journal moved, the next turn observes its end
                // before reading the rest, so queries during a catch-up read the unapplied part from the journal
                applier.startRead(!moving);
                long read = reader.read(Long.MAX_VALUE, applier);
                moving = read > 0;
                if (moving) {
                    emptyPolls = 0;
                    store.signal();
                } else {
                    long backoff = Math.min(IDLE_BACKOFF, 1L << (emptyPolls / EMPTY_POLLS_PER_DOUBLING));
                    emptyPolls = Math.min(emptyPolls + 1, 30 * EMPTY_POLLS_PER_DOUBLING);
                    LockSupport.parkNanos(pollNanos * backoff);
                }
                long now = System.nanoTime();
                if (now - nextTrim >= 0) {
                    nextTrim = now + TimeUnit.MILLISECONDS.toNanos(store.settings().trimIntervalMs());
                    trim();
                }
            }
        } finally {
            resumeAfter = Math.max(resumeAfter, applier.last);
        }
        return resumeAfter;
    }

    private void trim() {
        long watermark;
        try {
            watermark = coldWatermark.getAsLong();
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            lastError.set(e);
            return;
        }
        if (watermark >= 0) {
            store.trim(watermark);
        }
    }

    /** Applies ticks; publishes the applied index after each excerpt (done() is checked after each one). */
    private final class Applier implements JournalVisitor {
        private final long skipThrough;
        private long last;
        private boolean oneExcerpt;
        private int checks;

        Applier(long skipThrough) {
            this.skipThrough = skipThrough;
            this.last = skipThrough;
        }

        /** Starts a read; {@code one}: stop after its first excerpt. */
        void startRead(boolean one) {
            oneExcerpt = one;
            checks = 0;
        }

        private void seen(long index) {
            last = Math.max(last, index);
        }

        @Override
        public void onTick(long index, int record, TickEvent tick) {
            if (index > skipThrough) {
                store.apply(index, record, tick);
            }
            seen(index);
        }

        @Override
        public void onInstrument(long index, int record, dev.k2.engine.instrument.Instrument instrument) {
            seen(index);
        }

        @Override
        public void onGap(long index, int record, int instrumentId, int channel, long from, long to, long atNs) {
            seen(index);
        }

        @Override
        public void onReset(long index, int record, int instrumentId, int channel, long oldHighWaterMark, long newSeq,
                            long atNs) {
            seen(index);
        }

        @Override
        public void onDuplicates(long index, int record, int instrumentId, int channel, long first, long lastKey,
                                 long count, long atNs) {
            seen(index);
        }

        @Override
        public void onCorrupt(long index, String problem) {
            errors.incrementAndGet();
            lastError.set(new IllegalStateException("journal excerpt " + Long.toHexString(index) + ": " + problem));
            seen(index);
        }

        @Override
        public boolean done() {
            if (last > store.appliedThrough()) {
                store.applied(last);
            }
            return !running || oneExcerpt && checks++ > 0; // checked before each excerpt: true before the second
        }
    }

    /** Stops the thread and waits for it. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
