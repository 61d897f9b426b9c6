package dev.k2.query.engine;

import dev.k2.query.api.Cursor;
import dev.k2.query.api.Direction;
import dev.k2.query.api.ResultStream;
import dev.k2.query.api.TickFilter;
import dev.k2.query.api.TickRow;
import dev.k2.query.cold.ColdInstruments;
import dev.k2.query.cold.ColdReader;
import dev.k2.query.cold.ColdScan;
import dev.k2.query.cold.ColdTickCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One view's ticks in tick order: the cold rows of one or more snapshots, each one DuckDB statement
 * whose rows are fetched as the reader polls (opened on the first poll, closed at the end), merged with the
 * view's hot rows. The two never overlap (DESIGN.md 3), so a plain merge by (exchange time, journal
 * index, journal record) is exact. Applies direction, limit and the cursor's start key, and ends with
 * a cursor when the limit cut the result.
 */
final class MergedTicks<R extends TickRow> implements ResultStream<R> {
    /** Rows one cold statement returns at most: DuckDB materialises a result, so larger ones come in chunks. */
    static final long CHUNK_ROWS = 1_000_000;
    /** Rows a time window aims at (by the manifests' counts), so one statement sorts about this many. */
    static final long WINDOW_ROWS = 250_000;
    /** {@link #WINDOW_ROWS}, lowered by tests to read small tables in many windows. */
    static volatile long windowRows = WINDOW_ROWS;
    /** Results longer than this read instruments as hashes (one extra statement lists them). */
    static volatile long namesMinRows = 10_000;

    private final List<ColdSource> cold = new ArrayList<>();
    private final List<TickRow> hot;
    private final Direction direction;
    private final long limit;
    private final long cursorSnapshot;
    private final long journalEnd;
    private int hotPosition;
    private long delivered;
    private TickRow last;
    private Cursor next;
    private volatile boolean closed;

    /**
     * @param hot   the hot rows, sorted oldest first
     * @param after where the previous page ended, or null
     */
    MergedTicks(ColdReader reader, List<ColdScan> scans, TickFilter filter, List<TickRow> hot, Direction direction,
                long limit, Cursor after, long cursorSnapshot, long journalEnd) {
        this.direction = direction;
        this.limit = limit;
        this.cursorSnapshot = cursorSnapshot;
        this.journalEnd = journalEnd;
        for (ColdScan scan : scans) {
            if (!scan.isEmpty()) {
                cold.add(new ColdSource(reader, scan, filter, after));
            }
        }
        List<TickRow> ordered = new ArrayList<>(hot.size());
        for (int i = 0; i < hot.size(); i++) {
            TickRow row = hot.get(direction == Direction.NEWEST_FIRST ? hot.size() - 1 - i : i);
            if (after == null || compare(row, after.afterTimeMicros(), after.afterJournalIndex(),
                after.afterJournalRecord()) > 0) {
                ordered.add(row);
            }
        }
        this.hot = ordered;
    }

    /** Compares a row with a key in this stream's direction (positive: the row comes later). */
    private int compare(TickRow row, long time, long index, int record) {
        int c = TickRow.compareKeys(row.exchangeTimeMicros(), row.journalIndex(), row.journalRecord(), time, index, record);
        return direction == Direction.NEWEST_FIRST ? -c : c;
    }

    private int compare(TickRow a, TickRow b) {
        return compare(a, b.exchangeTimeMicros(), b.journalIndex(), b.journalRecord());
    }

    /** The next row without taking it, or null when none is left. */
    private TickRow peek(boolean take) {
        TickRow best = hotPosition < hot.size() ? hot.get(hotPosition) : null;
        ColdSource bestSource = null;
        for (ColdSource source : cold) {
            TickRow head = source.head(limit - delivered < Long.MAX_VALUE ? limit - delivered + 1 : Long.MAX_VALUE);
            if (head != null && (best == null || compare(head, best) < 0)) {
                best = head;
                bestSource = source;
            }
        }
        if (take && best != null) {
            if (bestSource != null) {
                bestSource.take();
            } else {
                hotPosition++;
            }
        }
        return best;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized int poll(int max, Consumer<? super R> out) {
        if (closed) {
            return END;
        }
        int n = 0;
        while (n < max && delivered < limit) {
            TickRow row = peek(true);
            if (row == null) {
                break;
            }
            out.accept((R) row);
            last = row;
            delivered++;
            n++;
        }
        if (delivered >= limit && next == null && last != null && peek(false) != null) {
            next = new Cursor(cursorSnapshot, journalEnd, last.exchangeTimeMicros(), last.journalIndex(),
                last.journalRecord());
        }
        if (n == 0) {
            release();
            return END;
        }
        return n;
    }

    private void release() {
        for (ColdSource source : cold) {
            source.close();
        }
    }

    /** Set once the limit was reached with rows left; stays valid after close. */
    @Override
    public Cursor nextCursor() {
        return next;
    }

    @Override
    public synchronized void close() {
        closed = true;
        release(); // after any poll in progress (both synchronized): a cold cursor is never closed under a reader
    }

    /**
     * One snapshot's rows, read in time windows of about {@link #WINDOW_ROWS} rows by the manifests'
     * file bounds (oldest first: {@code [from, end)}, then the next; newest first mirrored), each
     * window read by statements of at most {@link #CHUNK_ROWS} rows that continue strictly after the
     * last key read. A window reads only the files that overlap it, so a long time-ordered result
     * never sorts the whole table. Windows partition time, so nothing is read twice or skipped.
     */
    private final class ColdSource {
        private final ColdReader reader;
        private final ColdScan scan;
        private final TickFilter filter;
        private final boolean newestFirst;
        /** What this source reads: the filter's range, narrowed by the cursor. */
        private final long rangeFrom;
        private final long rangeTo;
        private boolean hasAfter;
        private long afterTime;
        private long afterIndex;
        private int afterRecord;
        /** The window being read, {@code [windowFrom, windowTo)}, once {@code inWindow}; the next starts at its far end. */
        private long windowFrom;
        private long windowTo;
        private boolean inWindow;
        private ColdTickCursor rows;
        private long rowsInChunk;
        private long chunkLimit;
        private TickRow head;
        private boolean exhausted;
        private ColdInstruments names;
        private boolean namesLooked;

        ColdSource(ColdReader reader, ColdScan scan, TickFilter filter, Cursor after) {
            this.reader = reader;
            this.scan = scan;
            this.filter = filter;
            this.newestFirst = direction == Direction.NEWEST_FIRST;
            long from = filter.fromMicros();
            long to = filter.toMicros();
            if (after != null) {
                hasAfter = true;
                afterTime = after.afterTimeMicros();
                afterIndex = after.afterJournalIndex();
                afterRecord = after.afterJournalRecord();
                if (newestFirst) {
                    to = Math.min(to, afterTime == Long.MAX_VALUE ? afterTime : afterTime + 1);
                } else {
                    from = Math.max(from, afterTime);
                }
            }
            this.rangeFrom = from;
            this.rangeTo = to;
        }

        /** Moves to the next window; false when the range is done. */
        private boolean nextWindow() {
            if (!newestFirst) {
                long from = inWindow ? windowTo : rangeFrom;
                if (inWindow && windowTo == TickFilter.MAX_TIME || from >= rangeTo) {
                    return false;
                }
                windowFrom = from;
                windowTo = Math.min(rangeTo, scan.overlapping(from, rangeTo).windowEnd(from, windowRows));
            } else {
                long to = inWindow ? windowFrom : rangeTo;
                if (inWindow && windowFrom == TickFilter.MIN_TIME || to <= rangeFrom) {
                    return false;
                }
                windowTo = to;
                windowFrom = Math.max(rangeFrom, scan.overlapping(rangeFrom, to).windowStart(to, windowRows));
            }
            inWindow = true;
            return true;
        }

        /** The next row without taking it; {@code wanted} bounds the next statement's limit. */
        TickRow head(long wanted) {
            while (head == null && !exhausted) {
                if (rows == null) {
                    if (!inWindow && !nextWindow()) {
                        exhausted = true;
                        break;
                    }
                    chunkLimit = Math.min(wanted, CHUNK_ROWS);
                    rowsInChunk = 0;
                    ColdScan files = scan.overlapping(windowFrom, windowTo);
                    if (files.isEmpty()) {
                        rowsInChunk = -1; // nothing here: on to the next window
                    } else {
                        if (!namesLooked && wanted > namesMinRows) {
                            names = reader.instruments(scan, filter); // one statement, then no names per row
                            namesLooked = true;
                        }
                        rows = reader.openTicks(files, filter.between(windowFrom, windowTo), direction, hasAfter,
                            afterTime, afterIndex, afterRecord, chunkLimit, names);
                    }
                }
                head = rows == null ? null : rows.next();
                if (head != null) {
                    rowsInChunk++;
                    hasAfter = true;
                    afterTime = head.exchangeTimeMicros();
                    afterIndex = head.journalIndex();
                    afterRecord = head.journalRecord();
                } else {
                    boolean windowDone = rowsInChunk < chunkLimit;
                    rows = null; // closed itself at its end
                    if (!windowDone && chunkLimit >= wanted) {
                        exhausted = true; // read all the limit allows
                    } else if (windowDone && !nextWindow()) {
                        exhausted = true;
                    }
                }
            }
            return head;
        }

        void take() {
            head = null;
        }

        void close() {
            if (rows != null) {
                rows.close();
                rows = null;
            }
            exhausted = true;
            head = null;
        }
    }
}
