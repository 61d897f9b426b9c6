package dev.k2.query.hot;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.TickRow;
import dev.k2.query.api.TradeFields;
import java.util.Arrays;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Recent ticks in memory: per instrument a bounded ring of trades and one of quotes, plus one ring of
 * all ticks in journal order for subscriptions. Filled by its one writer, the {@link HotTailer};
 * read by query threads. {@link #appliedThrough()} is the journal index up to which every excerpt
 * has been applied; a ring that evicted something tells its readers, who then read the journal.
 */
public final class HotStore {
    private final HotSettings settings;
    private final InstrumentRegistry registry;
    private final TickColumns live;
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile TickColumns[] trades = new TickColumns[16];
    private volatile TickColumns[] quotes = new TickColumns[16];
    private volatile long appliedThrough = -1;
    private volatile long observedEnd = -1;

    public HotStore(HotSettings settings, InstrumentRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        this.live = new TickColumns(Math.min(1024, settings.liveCapacity()), settings.liveCapacity());
    }

    public InstrumentRegistry registry() {
        return registry;
    }

    public HotSettings settings() {
        return settings;
    }

    /** Journal index of the last excerpt applied, or -1. */
    public long appliedThrough() {
        return appliedThrough;
    }

    /** The journal end as last seen by the tailer (at least {@link #appliedThrough()}). */
    public long journalEnd() {
        return Math.max(observedEnd, appliedThrough);
    }

    // ---- writer side (the tailer thread) ----

    void apply(long index, int record, TickEvent t) {
        TickColumns ring = ring(t.instrumentId, t.kind, true);
        ring.append(index, record, t);
        live.append(index, record, t);
    }

    void applied(long index) {
        appliedThrough = index;
    }

    void observed(long end) {
        observedEnd = end;
    }

    void signal() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    int trim(long watermark) {
        int dropped = 0;
        for (TickColumns[] rings : new TickColumns[][] {trades, quotes}) {
            for (TickColumns ring : rings) {
                if (ring != null) {
                    dropped += ring.trim(watermark, settings.keepPerInstrument());
                }
            }
        }
        return dropped;
    }

    private TickColumns ring(int instrumentId, TickKind kind, boolean create) {
        TickColumns[] rings = kind == TickKind.TRADE ? trades : quotes;
        if (instrumentId >= 0 && instrumentId < rings.length && rings[instrumentId] != null) {
            return rings[instrumentId];
        }
        if (!create) {
            return null;
        }
        if (instrumentId >= rings.length) {
            rings = Arrays.copyOf(rings, Math.max(instrumentId + 1, rings.length * 2));
        } else {
            rings = rings.clone();
        }
        TickColumns ring = new TickColumns(Math.min(256, settings.maxPerInstrument()), settings.maxPerInstrument());
        rings[instrumentId] = ring;
        if (kind == TickKind.TRADE) {
            trades = rings;
        } else {
            quotes = rings;
        }
        return ring;
    }

    // ---- reader side (any thread) ----

    /** Runs {@code listener} (on the tailer thread) after each batch of excerpts is applied. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /**
     * Hands every held tick with {@code watermark < journal index <= journalEnd} matching the filter to
     * the sink, ring by ring (journal order within a ring, not across rings).
     *
     * @return false when the store cannot give them all (not applied that far yet, or evicted): the
     *         caller discards what it got and reads the journal
     */
    public boolean collect(long watermark, long journalEnd, HotFilter filter, RowSink sink) {
        if (journalEnd <= watermark) {
            return true;
        }
        if (appliedThrough < journalEnd) {
            return false;
        }
        if (filter.trades() && !collect(trades, watermark, journalEnd, filter, sink)) {
            return false;
        }
        return !filter.quotes() || collect(quotes, watermark, journalEnd, filter, sink);
    }

    private boolean collect(TickColumns[] rings, long watermark, long journalEnd, HotFilter filter,
                            RowSink sink) {
        for (int id = 0; id < rings.length; id++) {
            TickColumns ring = rings[id];
            if (ring != null && filter.instrumentMatches(id)
                && !ring.collect(watermark, journalEnd, filter, registry, sink)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Ticks after journal key ({@code index}, {@code record}) in journal order, as far as applied.
     *
     * @return false when some of them were evicted (the caller reads the journal)
     */
    public boolean collectLive(long index, int record, HotFilter filter, RowSink sink) {
        return live.collectAfterKey(index, record, filter, registry, sink);
    }

    /**
     * The newest {@code n} trades of an instrument as of {@code journalEnd}, newest first, or null when
     * the store cannot prove it holds them (not applied that far, or evicted).
     */
    public TickRow[] newestTrades(int instrumentId, int n, long journalEnd) {
        return newest(instrumentId, TickKind.TRADE, n, journalEnd);
    }

    /**
     * As {@link #newestTrades(int, int, long)}, written into {@code out} field by field with nothing
     * allocated: the number of rows written, or -1 (nothing written) where that returns null.
     */
    public int newestTrades(int instrumentId, int n, long journalEnd, TradeFields out) {
        if (appliedThrough < journalEnd) {
            return -1;
        }
        TickColumns ring = ring(instrumentId, TickKind.TRADE, false);
        return ring == null ? 0 : ring.newest(n, journalEnd, registry, out);
    }

    /** The newest quote of an instrument as of {@code journalEnd}; null when unknown to the store (see {@link #newestTrades}). */
    public QuoteRow[] newestQuote(int instrumentId, long journalEnd) {
        TickRow[] rows = newest(instrumentId, TickKind.QUOTE, 1, journalEnd);
        return rows == null ? null : Arrays.copyOf(rows, rows.length, QuoteRow[].class);
    }

    private TickRow[] newest(int instrumentId, TickKind kind, int n, long journalEnd) {
        if (appliedThrough < journalEnd) {
            return null;
        }
        TickColumns ring = ring(instrumentId, kind, false);
        if (ring == null) {
            return new TickRow[0]; // every excerpt through journalEnd was applied: the instrument has none
        }
        return ring.newest(n, journalEnd, registry);
    }

    /** Ticks held, per kind (for stats). */
    public long held(TickKind kind) {
        long total = 0;
        for (TickColumns ring : kind == TickKind.TRADE ? trades : quotes) {
            if (ring != null) {
                total += ring.size();
            }
        }
        return total;
    }
}
