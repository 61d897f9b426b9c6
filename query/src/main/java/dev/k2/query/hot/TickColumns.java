package dev.k2.query.hot;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.TickRow;
import dev.k2.query.api.TradeFields;
import dev.k2.query.api.TradeRow;

/**
 * A bounded ring of ticks in journal order, one primitive array per column (no object per tick). It
 * grows by doubling up to {@code maxCapacity}, then overwrites its oldest entry, remembering what it
 * evicted (the newest evicted journal key and the latest evicted exchange time) so readers can tell
 * whether it still holds every tick they need.
 *
 * <p>Written by one thread (the {@link HotTailer}); read by query threads. Every method holds the
 * ring's monitor, briefly: an append is a few array stores.
 */
final class TickColumns {
    private final int maxCapacity;
    private int mask;
    private long head;
    private long tail;
    private int[] instrument;
    private byte[] kind;
    private int[] channel;
    private long[] exchangeMicros;
    /** The latest exchange time of this entry and every entry appended before it: bounds what lies further back. */
    private long[] maxMicrosThrough;
    private long[] receiveMicros;
    private long[] sourceSeq;
    private long[] tradeId;
    private byte[] side;
    private long[] v0;
    private long[] v1;
    private long[] v2;
    private long[] v3;
    private int[] conditions;
    private long[] journalIndex;
    private int[] journalRecord;
    /** newest(): the selection heap, reused under this ring's lock. */
    private long[] selected = new long[0];
    private long evictedIndex = -1;
    private int evictedRecord = -1;
    private long evictedMaxTime = Long.MIN_VALUE;
    private long appendedMaxTime = Long.MIN_VALUE;

    TickColumns(int initialCapacity, int maxCapacity) {
        if (Integer.bitCount(maxCapacity) != 1 || Integer.bitCount(initialCapacity) != 1 || initialCapacity > maxCapacity) {
            throw new IllegalArgumentException("capacities must be powers of two, initial <= max: " + initialCapacity
                + ", " + maxCapacity);
        }
        this.maxCapacity = maxCapacity;
        allocate(initialCapacity);
    }

    private void allocate(int capacity) {
        mask = capacity - 1;
        instrument = new int[capacity];
        kind = new byte[capacity];
        channel = new int[capacity];
        exchangeMicros = new long[capacity];
        maxMicrosThrough = new long[capacity];
        receiveMicros = new long[capacity];
        sourceSeq = new long[capacity];
        tradeId = new long[capacity];
        side = new byte[capacity];
        v0 = new long[capacity];
        v1 = new long[capacity];
        v2 = new long[capacity];
        v3 = new long[capacity];
        conditions = new int[capacity];
        journalIndex = new long[capacity];
        journalRecord = new int[capacity];
    }

    private void grow() {
        int oldCapacity = mask + 1;
        int capacity = oldCapacity * 2;
        int[] i0 = instrument;
        byte[] k0 = kind;
        int[] c0 = channel;
        long[] e0 = exchangeMicros;
        long[] m0 = maxMicrosThrough;
        long[] r0 = receiveMicros;
        long[] s0 = sourceSeq;
        long[] t0 = tradeId;
        byte[] sd0 = side;
        long[] a0 = v0;
        long[] a1 = v1;
        long[] a2 = v2;
        long[] a3 = v3;
        int[] cd0 = conditions;
        long[] ji0 = journalIndex;
        int[] jr0 = journalRecord;
        int oldMask = mask;
        allocate(capacity);
        for (long p = head; p < tail; p++) {
            int from = (int) (p & oldMask);
            int to = (int) (p & mask);
            instrument[to] = i0[from];
            kind[to] = k0[from];
            channel[to] = c0[from];
            exchangeMicros[to] = e0[from];
            maxMicrosThrough[to] = m0[from];
            receiveMicros[to] = r0[from];
            sourceSeq[to] = s0[from];
            tradeId[to] = t0[from];
            side[to] = sd0[from];
            v0[to] = a0[from];
            v1[to] = a1[from];
            v2[to] = a2[from];
            v3[to] = a3[from];
            conditions[to] = cd0[from];
            journalIndex[to] = ji0[from];
            journalRecord[to] = jr0[from];
        }
    }

    /** Appends one journaled tick (journal order). */
    synchronized void append(long index, int record, TickEvent t) {
        if (tail - head > mask) {
            if (mask + 1 < maxCapacity) {
                grow();
            } else {
                evictOldest();
            }
        }
        int at = (int) (tail & mask);
        instrument[at] = t.instrumentId;
        kind[at] = t.kind.code();
        channel[at] = t.channel;
        exchangeMicros[at] = Math.floorDiv(t.exchangeTimeNs, 1_000L);
        appendedMaxTime = Math.max(appendedMaxTime, exchangeMicros[at]);
        maxMicrosThrough[at] = appendedMaxTime;
        receiveMicros[at] = Math.floorDiv(t.receiveTimeNs, 1_000L);
        sourceSeq[at] = t.sequencePolicy == SequencePolicy.UNSEQUENCED ? TickRow.NONE : t.sourceSeq;
        tradeId[at] = t.tradeId < 0 ? TickRow.NONE : t.tradeId;
        side[at] = t.side.code();
        if (t.kind == TickKind.TRADE) {
            v0[at] = t.price;
            v1[at] = t.quantity;
            v2[at] = 0;
            v3[at] = 0;
        } else {
            v0[at] = t.bidPrice;
            v1[at] = t.bidSize;
            v2[at] = t.askPrice;
            v3[at] = t.askSize;
        }
        conditions[at] = t.conditions;
        journalIndex[at] = index;
        journalRecord[at] = record;
        tail++;
    }

    private void evictOldest() {
        int at = (int) (head & mask);
        evictedIndex = journalIndex[at];
        evictedRecord = journalRecord[at];
        evictedMaxTime = Math.max(evictedMaxTime, exchangeMicros[at]);
        head++;
    }

    /**
     * Drops the oldest entries whose journal index is at most {@code watermark} (the cold tier holds
     * them) while more than {@code keep} entries remain.
     *
     * @return entries dropped
     */
    synchronized int trim(long watermark, int keep) {
        int dropped = 0;
        while (tail - head > keep && journalIndex[(int) (head & mask)] <= watermark) {
            evictOldest();
            dropped++;
        }
        return dropped;
    }

    synchronized int size() {
        return (int) (tail - head);
    }

    /** True when every entry with a journal index above {@code watermark} that was appended is still held. */
    synchronized boolean holdsAllAfter(long watermark) {
        return evictedIndex <= watermark;
    }

    /** True when every entry with a journal key after ({@code index}, {@code record}) that was appended is still held. */
    synchronized boolean holdsAllAfterKey(long index, int record) {
        return evictedIndex < index || (evictedIndex == index && evictedRecord <= record);
    }

    /**
     * Hands every held entry with {@code watermark < journal index <= journalEnd} matching the
     * filter to {@code sink}, oldest (journal order) first.
     *
     * @return false when the ring no longer holds all such entries (the caller falls back to the journal)
     */
    synchronized boolean collect(long watermark, long journalEnd, HotFilter filter, InstrumentRegistry registry,
                                 RowSink sink) {
        if (evictedIndex > watermark) {
            return false;
        }
        for (long p = firstAbove(watermark); p < tail; p++) {
            int at = (int) (p & mask);
            if (journalIndex[at] > journalEnd) {
                break;
            }
            if (filter.test(instrument[at], kind[at], exchangeMicros[at]) && !sink.accept(row(at, registry))) {
                break;
            }
        }
        return true;
    }

    /**
     * Hands entries after journal key ({@code index}, {@code record}) matching the filter to the sink,
     * in journal order, until it returns false.
     *
     * @return false when some entries after that key were evicted
     */
    synchronized boolean collectAfterKey(long index, int record, HotFilter filter, InstrumentRegistry registry,
                                         RowSink sink) {
        if (!holdsAllAfterKey(index, record)) {
            return false;
        }
        for (long p = firstAbove(index - 1); p < tail; p++) {
            int at = (int) (p & mask);
            long i = journalIndex[at];
            if (i == index && journalRecord[at] <= record) {
                continue;
            }
            if (filter.test(instrument[at], kind[at], exchangeMicros[at]) && !sink.accept(row(at, registry))) {
                break;
            }
        }
        return true;
    }

    /**
     * The newest {@code n} entries by tick order (exchange time, journal index, record), newest first,
     * or null when the ring cannot prove they are the newest of everything appended (too few held, or
     * an evicted entry could be newer by exchange time).
     *
     * <p>Walks back from the newest entry in the view and stops as soon as nothing further back can
     * rank higher: {@code maxMicrosThrough} bounds the exchange time of every earlier entry, and an
     * earlier entry with an equal time has a smaller journal key. Where the newest {@code n} are already
     * in tick order (a feed in time order) they are taken as they stand: {@code n} comparisons, no heap;
     * otherwise the best {@code n} are kept in a bounded min-heap and sorted. The only allocations are the
     * rows returned (the heap is reused).
     */
    synchronized TickRow[] newest(int n, long journalEnd, InstrumentRegistry registry) {
        int size = selectNewest(n, journalEnd);
        if (size < 0) {
            return null;
        }
        TickRow[] rows = new TickRow[size];
        for (int k = 0; k < size; k++) {
            rows[k] = row((int) (selected[k] & mask), registry);
        }
        return rows;
    }

    /**
     * As {@link #newest(int, long, InstrumentRegistry)} for a trade ring, written into {@code out} with
     * nothing allocated: returns the number of rows written, or -1 (nothing written) where that
     * returns null. {@code out} runs under this ring's lock: it must only encode.
     */
    synchronized int newest(int n, long journalEnd, InstrumentRegistry registry, TradeFields out) {
        int size = selectNewest(n, journalEnd);
        for (int k = 0; k < size; k++) {
            int at = (int) (selected[k] & mask);
            Instrument i = registry.byId(instrument[at]);
            out.trade(venue(i), symbol(i, at), channel[at], exchangeMicros[at], receiveMicros[at], sourceSeq[at],
                tradeId[at], Side.ofCode(side[at]), v0[at], v1[at], conditions[at], journalIndex[at], journalRecord[at]);
        }
        return size;
    }

    /**
     * Leaves the newest {@code n} ring positions as of {@code journalEnd} in {@code selected[0..size)},
     * newest first, and returns size; -1 when the ring cannot prove they are the newest.
     */
    private int selectNewest(int n, long journalEnd) {
        long end = firstAbove(journalEnd);
        int capacity = (int) Math.min(n, end - head);
        if (selected.length < capacity) {
            selected = new long[Math.max(capacity, selected.length * 2)];
        }
        int size = inOrderNewest(end, capacity);
        if (size < 0) {
            size = heapNewest(end, capacity);
        }
        boolean complete = evictedIndex < 0
            || size == n && size > 0 && exchangeMicros[(int) (selected[size - 1] & mask)] >= evictedMaxTime;
        return complete ? size : -1;
    }

    /**
     * The common case, a ring whose newest {@code capacity} entries are already in tick order: takes
     * them as they stand (newest first) when nothing further back can rank above the oldest taken, and
     * returns -1 otherwise (nothing decided).
     */
    private int inOrderNewest(long end, int capacity) {
        long p = end - 1;
        for (int k = 0; k < capacity; k++, p--) {
            if (k > 0 && !ranksAbove((int) ((p + 1) & mask), (int) (p & mask))) {
                return -1;
            }
            selected[k] = p;
        }
        // p is the newest entry not taken: it and everything before it must be no newer than the oldest taken
        if (capacity > 0 && p >= head && maxMicrosThrough[(int) (p & mask)] > exchangeMicros[(int) ((p + 1) & mask)]) {
            return -1;
        }
        return capacity;
    }

    /**
     * Any order: walks back from the newest entry keeping the best {@code capacity} in a bounded
     * min-heap until nothing further back can rank higher, then heap-sorts them newest first.
     */
    private int heapNewest(long end, int capacity) {
        long[] heap = selected;
        int size = 0;
        for (long p = end - 1; p >= head; p--) {
            int at = (int) (p & mask);
            if (size < capacity) {
                heap[size] = p;
                siftUp(heap, size++);
                continue;
            }
            if (size == 0 || maxMicrosThrough[at] <= exchangeMicros[(int) (heap[0] & mask)]) {
                break;
            }
            if (ranksAbove(at, (int) (heap[0] & mask))) {
                heap[0] = p;
                siftDown(heap, size);
            }
        }
        // heap sort in place: each lowest-ranked root goes to the end, so the array ends newest first
        for (int left = size; left > 1; ) {
            long lowest = heap[0];
            heap[0] = heap[--left];
            siftDown(heap, left);
            heap[left] = lowest;
        }
        return size;
    }

    /** True when the entry at {@code a} comes after the one at {@code b} in tick order. */
    private boolean ranksAbove(int a, int b) {
        return TickRow.compareKeys(exchangeMicros[a], journalIndex[a], journalRecord[a],
            exchangeMicros[b], journalIndex[b], journalRecord[b]) > 0;
    }

    /** Min-heap by tick order of ring positions: the lowest-ranked of the kept entries at the root. */
    private void siftUp(long[] heap, int k) {
        long p = heap[k];
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (!ranksAbove((int) (heap[parent] & mask), (int) (p & mask))) {
                break;
            }
            heap[k] = heap[parent];
            k = parent;
        }
        heap[k] = p;
    }

    private void siftDown(long[] heap, int size) {
        if (size == 0) {
            return;
        }
        long p = heap[0];
        int k = 0;
        while (true) {
            int child = 2 * k + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && ranksAbove((int) (heap[child] & mask), (int) (heap[child + 1] & mask))) {
                child++;
            }
            if (!ranksAbove((int) (p & mask), (int) (heap[child] & mask))) {
                break;
            }
            heap[k] = heap[child];
            k = child;
        }
        heap[k] = p;
    }

    /** First position whose journal index is above {@code index} (binary search: journal order). */
    private long firstAbove(long index) {
        long lo = head;
        long hi = tail;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (journalIndex[(int) (mid & mask)] <= index) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private TickRow row(int at, InstrumentRegistry registry) {
        Instrument i = registry.byId(instrument[at]);
        String venue = venue(i);
        String symbol = symbol(i, at);
        if (kind[at] == TickKind.TRADE.code()) {
            return new TradeRow(venue, symbol, channel[at], exchangeMicros[at], receiveMicros[at], sourceSeq[at],
                tradeId[at], Side.ofCode(side[at]), v0[at], v1[at], conditions[at], journalIndex[at], journalRecord[at]);
        }
        return new QuoteRow(venue, symbol, channel[at], exchangeMicros[at], receiveMicros[at], sourceSeq[at],
            v0[at], v1[at], v2[at], v3[at], conditions[at], journalIndex[at], journalRecord[at]);
    }

    /** The venue of an entry's instrument; {@code ?} for an id the registry does not know (yet). */
    private static String venue(Instrument i) {
        return i == null ? "?" : i.venue();
    }

    /** The symbol of the entry at {@code at}; {@code #id} for an id the registry does not know (yet). */
    private String symbol(Instrument i, int at) {
        return i == null ? "#" + instrument[at] : i.symbol();
    }
}
