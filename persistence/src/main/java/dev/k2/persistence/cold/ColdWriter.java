package dev.k2.persistence.cold;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.DirectoryLock;
import dev.k2.persistence.journal.JournalReader;
import dev.k2.persistence.journal.JournalVisitor;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Moves journal ticks into the cold tables, exactly once (DESIGN.md 1 and 2). Owns the tables: one
 * writer per data directory, held through an OS lock on {@code DIR/cold/writer.lock}.
 *
 * <pre>
 * journal excerpts after the watermark ──▶ TickBatch (trades) ──┐ batch closes on rows, bytes or age,
 *   (JournalReader, whole excerpts)    ├─▶ TickBatch (quotes) ──┤ always after a whole excerpt
 *                                      └─▶ GapBatch (gap markers)┤
 *                                                              ▼
 *            per table: sort (symbol, exchange_time) ─▶ Parquet zstd files ─▶ one append snapshot
 *            whose summary holds k2.journal-index = index of the batch's last excerpt
 * </pre>
 *
 * <p>Each table keeps its own watermark: the two tables cannot commit atomically together, so after a
 * crash between the trades and the quotes commit, the next start reads from the lower watermark and
 * skips, per table, the ticks at or below that table's own watermark. A crash before a commit leaves
 * at most unreferenced files (orphans, for maintenance) and the batch is written again; nothing is
 * lost or duplicated. Every batch commits a snapshot in both tables, an empty one when the batch has
 * no rows of that kind, so both tables carry snapshots at the same watermarks (a query reads both at
 * one journal index, DESIGN.md 3) and a journal that ends in markers still moves the watermark to
 * its end.
 *
 * <p>Markers are not rows of the tick tables. Gap markers become rows of {@link GapTable k2.gaps},
 * written in the same batches and committed after the tick tables with their own watermark, so the
 * same rule makes them exactly-once; reset and duplicate-run markers stay in the journal only
 * ({@code k2 dump}, {@code k2 verify}). The lowest of the three watermarks is where a start resumes.
 */
public final class ColdWriter implements AutoCloseable {
    private final DataDirectory dir;
    private final ColdSettings settings;
    private final DirectoryLock lock;
    private final ColdCatalog catalog;
    private final Map<ColdTable, Table> tables = new EnumMap<>(ColdTable.class);
    private final Map<ColdTable, TickBatch> batches = new EnumMap<>(ColdTable.class);
    private final Map<ColdTable, Long> watermarks = new EnumMap<>(ColdTable.class);
    private final GapBatch gaps = new GapBatch();
    private Table gapsTable;
    private long gapsWatermark = Watermark.NONE;
    private final PausePoint.Armed pause = PausePoint.fromSystemProperties();
    private final Committer committer;

    /**
     * The one place a batch becomes visible: appends the files as one snapshot whose summary holds the
     * watermark. A seam so that a test can make commits fail (catalog unreachable, disk error).
     */
    interface Committer {
        void commit(Table table, List<DataFile> files, long lastIndex);
    }

    /**
     * Where Iceberg runs a commit's manifest work (write the new manifest, filter and merge the old
     * ones): on the committing thread. On its shared worker pool the committing thread waits by polling
     * every 10 ms ({@code Tasks.waitFor}), about 13 ms per commit here for a batch's one or two
     * manifests, more than the work itself.
     */
    private static final ExecutorService MANIFEST_WORK = CallerThreadExecutor.INSTANCE;

    /** The real commit: one Iceberg append snapshot carrying {@link Watermark#SUMMARY_KEY}. */
    static final Committer ICEBERG_APPEND = (table, files, lastIndex) -> {
        AppendFiles append = table.newAppend().scanManifestsWith(MANIFEST_WORK);
        files.forEach(append::appendFile);
        append.set(Watermark.SUMMARY_KEY, Long.toString(lastIndex));
        append.commit();
    };

    /** Takes the writer lock, opens the catalog and creates the tables that do not exist yet. */
    public ColdWriter(DataDirectory dir, ColdSettings settings) {
        this(dir, settings, ParquetEncoder.COLUMNAR);
    }

    /** As {@link #ColdWriter(DataDirectory, ColdSettings)}, writing Parquet through {@code encoder}. */
    public ColdWriter(DataDirectory dir, ColdSettings settings, ParquetEncoder encoder) {
        this(dir, settings, encoder, ICEBERG_APPEND);
    }

    /** As {@link #ColdWriter(DataDirectory, ColdSettings, ParquetEncoder)}, committing through {@code committer}. */
    ColdWriter(DataDirectory dir, ColdSettings settings, ParquetEncoder encoder, Committer committer) {
        this.committer = committer;
        this.dir = dir;
        this.settings = settings;
        lock = DirectoryLock.acquire(dir.cold().resolve("writer.lock"), "writing the cold tables of " + dir.root(),
            "wait for it to finish");
        try {
            this.catalog = ColdCatalog.open(settings);
            for (ColdTable table : ColdTable.values()) {
                tables.put(table, catalog.createIfMissing(table));
                batches.put(table, new TickBatch(table, encoder));
            }
            gapsTable = catalog.createGapsIfMissing();
        } catch (RuntimeException e) {
            releaseLock();
            throw e;
        }
    }

    /** The watermark of one table's current snapshot (its last committed journal index), or {@link Watermark#NONE}. */
    public long watermark(ColdTable table) {
        return Watermark.current(tables.get(table));
    }

    /**
     * Brings both tables up to the journal's last excerpt as of the call, in batches, and returns what
     * it wrote. Resumes after each table's watermark; when the tables are already there, writes nothing.
     * A failing batch is not retried here: the error says to run the sync again.
     */
    public SyncResult sync() {
        long start = System.nanoTime();
        loadWatermarks();
        long from = lowestWatermark();
        Totals totals = new Totals();
        InstrumentRegistry registry = new InstrumentRegistry();
        try (JournalReader reader = new JournalReader(dir.journal(), registry)) {
            long end = reader.lastIndex();
            if (end >= 0 && end > from) {
                position(reader, from);
                BatchVisitor visitor = new BatchVisitor();
                while (true) {
                    visitor.startBatch();
                    long read = reader.read(end, visitor);
                    if (read == 0) {
                        break;
                    }
                    totals.excerpts += read;
                    long last = reader.lastIndexRead();
                    for (ColdTable table : ColdTable.values()) {
                        if (last > watermarks.get(table)) {
                            writeAndCommit(table, last, totals, registry);
                        }
                    }
                    if (last > gapsWatermark) {
                        writeAndCommitGaps(last, totals, registry);
                    }
                    totals.batches++;
                    if (last >= end) {
                        break;
                    }
                }
            }
        }
        loadWatermarks();
        return totals.result(lowestWatermark(),
            System.nanoTime() - start);
    }

    /**
     * Follow mode, on the calling thread (a {@link ColdFollower}'s): tails the journal as it grows,
     * closing a batch on rows, bytes or age ({@link ColdSettings#batchAgeMs()} after its first excerpt
     * was read), and when {@code stop} says so commits the open batch and returns. A failing batch is
     * retried under {@code retry} until it lands or a stop is requested (then this throws, the journal
     * still holding the uncommitted data). After every read and commit it publishes the lag to {@code lagOut}.
     *
     * @param idle called with the number of consecutive empty polls when the journal has nothing new
     */
    SyncResult follow(BooleanSupplier stop, CommitRetry retry, CircuitBreaker breaker, Consumer<ColdLag> lagOut,
                      IdleWait idle) {
        long start = System.nanoTime();
        loadWatermarks();
        long from = lowestWatermark();
        Totals totals = new Totals();
        InstrumentRegistry registry = new InstrumentRegistry();
        try (JournalReader reader = new JournalReader(dir.journal(), registry)) {
            if (reader.lastIndex() >= 0 && from != Watermark.NONE) {
                position(reader, from);
            } else {
                reader.rewind();
            }
            BatchVisitor visitor = new BatchVisitor();
            visitor.startBatch();
            long batchStartNs = 0;
            long pendingExcerpts = 0;
            int idles = 0;
            while (true) {
                boolean stopping = stop.getAsBoolean();
                long read = reader.read(Long.MAX_VALUE, visitor);
                if (read > 0 && pendingExcerpts == 0) {
                    batchStartNs = System.nanoTime();
                }
                pendingExcerpts += read;
                totals.excerpts += read;
                boolean full = visitor.full();
                boolean old = pendingExcerpts > 0
                    && System.nanoTime() - batchStartNs >= settings.batchAgeMs() * 1_000_000L;
                if (pendingExcerpts > 0 && (full || old || stopping)) {
                    long last = reader.lastIndexRead();
                    if (last > lowestWatermark()) {
                        totals.batches++;
                    }
                    for (ColdTable table : ColdTable.values()) {
                        if (last > watermarks.get(table)) {
                            retrying(tables.get(table), last, () -> writeAndCommit(table, last, totals, registry),
                                landed -> {
                                    watermarks.put(table, landed);
                                    batches.get(table).clear();
                                }, stop, retry, breaker, lagOut, visitor, pendingExcerpts);
                        }
                    }
                    if (last > gapsWatermark) {
                        retrying(gapsTable, last, () -> writeAndCommitGaps(last, totals, registry), landed -> {
                            gapsWatermark = landed;
                            gaps.clear();
                        }, stop, retry, breaker, lagOut, visitor, pendingExcerpts);
                    }
                    visitor.committed();
                    visitor.startBatch();
                    pendingExcerpts = 0;
                }
                lagOut.accept(visitor.lag(pendingExcerpts, reader.lastIndexRead(), breaker, null));
                if (stopping) {
                    break;
                }
                if (read == 0) {
                    idle.idle(++idles);
                } else {
                    idles = 0;
                }
            }
        }
        return totals.result(lowestWatermark(),
            System.nanoTime() - start);
    }

    /** Waits between empty polls of the journal in follow mode. */
    interface IdleWait {
        void idle(int consecutiveEmptyPolls);
    }

    /**
     * Runs {@code attempt} (write one table's part of the batch and commit it) until it lands, waiting
     * between failures as {@code retry} and {@code breaker} say. A failure whose commit landed anyway
     * (the watermark says so) counts as landed and is handed to {@code landed}.
     */
    private void retrying(Table table, long last, Runnable attempt, LongConsumer landed, BooleanSupplier stop,
                          CommitRetry retry, CircuitBreaker breaker, Consumer<ColdLag> lagOut, BatchVisitor visitor,
                          long pendingExcerpts) {
        String lastError = null;
        while (true) {
            while (!breaker.allowAttempt()) {
                if (stop.getAsBoolean()) {
                    throw stoppedWhileFailing(table, last, breaker, lastError);
                }
                LockSupport.parkNanos(Math.min(breaker.remainingCoolDownNs(), 50_000_000L));
            }
            try {
                attempt.run();
                breaker.onSuccess();
                return;
            } catch (RuntimeException e) {
                long committed = committedDespiteError(table);
                if (committed >= last) {
                    landed.accept(committed);
                    breaker.onSuccess();
                    return;
                }
                breaker.onFailure();
                lastError = ColdCatalog.rootMessage(e);
                lagOut.accept(visitor.lag(pendingExcerpts, last, breaker, lastError));
                if (stop.getAsBoolean()) {
                    throw stoppedWhileFailing(table, last, breaker, lastError);
                }
                long waitUntil = System.nanoTime() + retry.backoffNs(breaker.consecutiveFailures());
                while (System.nanoTime() < waitUntil && !stop.getAsBoolean()) {
                    LockSupport.parkNanos(Math.min(waitUntil - System.nanoTime(), 50_000_000L));
                }
            }
        }
    }

    /** A commit that failed on the client side may still have landed (an unknown commit state): the table's watermark says. */
    private static long committedDespiteError(Table table) {
        try {
            return Watermark.current(table);
        } catch (RuntimeException unreachable) {
            return Watermark.NONE; // the catalog cannot say yet; the next attempt asks again
        }
    }

    private static IllegalStateException stoppedWhileFailing(Table table, long last, CircuitBreaker breaker,
                                                             String lastError) {
        return new IllegalStateException("stopped while the batch up to journal index " + Watermark.hex(last) + " of "
            + table.name() + " was failing (" + breaker.consecutiveFailures() + " failed attempts, breaker "
            + breaker.state() + ", last error: " + lastError + "); nothing is lost: the journal still holds it, run k2 cold sync once the catalog and"
            + " warehouse are reachable");
    }

    private void loadWatermarks() {
        for (ColdTable table : ColdTable.values()) {
            watermarks.put(table, watermark(table));
        }
        gapsWatermark = Watermark.current(gapsTable);
    }

    /** The journal index all three tables hold (the trades, quotes and gaps watermarks' minimum). */
    private long lowestWatermark() {
        return Math.min(gapsWatermark, Math.min(watermarks.get(ColdTable.TRADES), watermarks.get(ColdTable.QUOTES)));
    }

    /** The watermark of {@code k2.gaps}' current snapshot, or {@link Watermark#NONE}. */
    public long gapsWatermark() {
        return Watermark.current(gapsTable);
    }

    /** Writes the batch's gap markers (none: an empty snapshot that moves the watermark) and commits them. */
    private void writeAndCommitGaps(long last, Totals totals, InstrumentRegistry registry) {
        List<DataFile> written = gaps.write(gapsTable, registry);
        try {
            committer.commit(gapsTable, written, last);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot commit " + written.size() + " files to " + gapsTable.name()
                + " up to journal index " + Watermark.hex(last) + ": " + ColdCatalog.rootMessage(e)
                + " (the journal still holds the gap markers: run k2 cold sync again once the catalog is reachable)", e);
        }
        gapsWatermark = last;
        totals.snapshots++;
        totals.files += written.size();
        totals.fileBytes += written.stream().mapToLong(DataFile::fileSizeInBytes).sum();
        totals.gapRows += gaps.size();
        gaps.clear();
    }

    /** Writes one table's part of the batch ending at journal index {@code last} and commits it. */
    private void writeAndCommit(ColdTable table, long last, Totals totals, InstrumentRegistry registry) {
        TickBatch batch = batches.get(table);
        int batchNumber = totals.batches + 1;
        pause(PausePoint.BEFORE_WRITE, batchNumber);
        List<DataFile> written = batch.write(tables.get(table), registry);
        pause(PausePoint.BEFORE_COMMIT, batchNumber);
        commit(table, written, last);
        pause(PausePoint.AFTER_COMMIT, batchNumber);
        totals.snapshots++;
        totals.files += written.size();
        totals.fileBytes += written.stream().mapToLong(DataFile::fileSizeInBytes).sum();
        if (table == ColdTable.TRADES) {
            totals.tradeRows += batch.size();
        } else {
            totals.quoteRows += batch.size();
        }
        batch.clear();
    }

    /** What a sync or a follow run wrote so far. */
    private static final class Totals {
        long tradeRows;
        long quoteRows;
        int files;
        long fileBytes;
        int snapshots;
        int batches;
        long excerpts;
        long gapRows;

        SyncResult result(long watermark, long elapsedNs) {
            return new SyncResult(tradeRows, quoteRows, files, fileBytes, snapshots, batches, excerpts, watermark, elapsedNs,
                gapRows);
        }
    }

    /**
     * Rebuild support: drops both tables (with their files) and creates them empty, so the next
     * {@link #sync()} writes them anew from the journal's first excerpt.
     */
    public void dropTables() {
        for (ColdTable table : ColdTable.values()) {
            catalog.drop(table);
            tables.put(table, catalog.createIfMissing(table));
        }
        catalog.dropGaps();
        gapsTable = catalog.createGapsIfMissing();
    }

    /**
     * Rebuild from a journal index: rolls each table (and {@code k2.gaps}) back to its newest snapshot
     * whose watermark is at or below {@code index} (a table whose history starts after it is dropped and
     * created empty), so the next {@link #sync()} writes again every tick and gap after that snapshot's
     * watermark.
     *
     * @return per tick table, the watermark it was rolled back to
     */
    public Map<ColdTable, Long> rollBackTo(long index) {
        Map<ColdTable, Long> result = new EnumMap<>(ColdTable.class);
        for (ColdTable coldTable : ColdTable.values()) {
            result.put(coldTable, rollBack(tables.get(coldTable), index, () -> {
                catalog.drop(coldTable);
                tables.put(coldTable, catalog.createIfMissing(coldTable));
            }));
        }
        rollBack(gapsTable, index, () -> {
            catalog.dropGaps();
            gapsTable = catalog.createGapsIfMissing();
        });
        return result;
    }

    private static long rollBack(Table table, long index, Runnable recreate) {
        table.refresh();
        Snapshot current = table.currentSnapshot();
        if (current == null || Watermark.current(table) <= index) {
            return Watermark.current(table);
        }
        Snapshot target = null;
        Snapshot oldest = current;
        for (Snapshot snapshot : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
            oldest = snapshot;
            String value = snapshot.summary().get(Watermark.SUMMARY_KEY);
            if (value != null && Long.parseLong(value) <= index) {
                target = snapshot;
                break;
            }
        }
        if (target != null) {
            table.manageSnapshots().rollbackTo(target.snapshotId()).commit();
            return Watermark.current(table);
        }
        if (oldest.parentId() == null) {
            recreate.run();
            return Watermark.NONE;
        }
        throw new IllegalStateException("no snapshot of " + table.name() + " at or below journal index "
            + Watermark.hex(index) + " remains (maintenance expired them): run k2 cold rebuild without"
            + " --from-index to rewrite the whole table from the journal");
    }

    private void pause(PausePoint point, int batchNumber) {
        if (pause != null) {
            pause.reached(point, batchNumber);
        }
    }

    private void position(JournalReader reader, long from) {
        if (from == Watermark.NONE) {
            reader.rewind();
        } else if (!reader.seek(from)) {
            throw new IllegalStateException("the journal in " + dir.journal() + " no longer has excerpt "
                + Watermark.hex(from) + ", the cold tables' watermark: the tables cannot resume exactly;"
                + " restore the journal files, or drop the cold tables (" + dir.cold() + ") to write them anew");
        }
    }

    private void commit(ColdTable table, List<DataFile> files, long lastIndex) {
        Table target = tables.get(table);
        try {
            committer.commit(target, files, lastIndex);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot commit " + files.size() + " files to " + target.name()
                + " up to journal index " + Watermark.hex(lastIndex) + ": " + ColdCatalog.rootMessage(e)
                + " (the journal still holds the data: run k2 cold sync again once the catalog is reachable)", e);
        }
        watermarks.put(table, lastIndex);
    }

    /**
     * Fills the batches from whole excerpts; says done when a threshold is reached after an excerpt.
     * Also keeps, for the lag, the records read since the last commit and their journal times.
     */
    private final class BatchVisitor implements JournalVisitor {
        private long firstTickNs;
        private boolean empty;
        private long uncommittedRecords;
        private long newestTimeNs = Long.MIN_VALUE;
        private long committedTimeNs = Long.MIN_VALUE;
        private long firstUncommittedTimeNs = Long.MIN_VALUE;
        /** The watermarks as of {@link #startBatch()}: no commit happens while a read fills the batch. */
        private long tradesMark;
        private long quotesMark;
        private long gapsMark;
        private long lowestMark;
        private final TickBatch trades = batches.get(ColdTable.TRADES);
        private final TickBatch quotes = batches.get(ColdTable.QUOTES);

        void startBatch() {
            empty = true;
            tradesMark = watermarks.get(ColdTable.TRADES);
            quotesMark = watermarks.get(ColdTable.QUOTES);
            gapsMark = gapsWatermark;
            lowestMark = lowestWatermark();
        }

        @Override
        public void onTick(long index, int record, TickEvent tick) {
            seen(index, tick.receiveTimeNs);
            boolean trade = tick.kind == TickKind.TRADE;
            if (index <= (trade ? tradesMark : quotesMark)) {
                return;
            }
            if (empty) {
                firstTickNs = System.nanoTime();
                empty = false;
            }
            (trade ? trades : quotes).add(index, record, tick);
        }

        @Override
        public void onInstrument(long index, int record, Instrument instrument) {
            seen(index, Long.MIN_VALUE);
        }

        @Override
        public void onGap(long index, int record, int instrumentId, int channel, long from, long to, long atNs) {
            seen(index, atNs);
            if (index > gapsMark) {
                gaps.add(index, record, instrumentId, channel, from, to, atNs);
            }
        }

        @Override
        public void onReset(long index, int record, int instrumentId, int channel, long oldHighWaterMark, long newSeq,
                            long atNs) {
            seen(index, atNs);
        }

        @Override
        public void onDuplicates(long index, int record, int instrumentId, int channel, long first, long last,
                                 long count, long atNs) {
            seen(index, atNs);
        }

        private void seen(long index, long journalTimeNs) {
            boolean committed = index <= lowestMark;
            if (journalTimeNs != Long.MIN_VALUE) {
                newestTimeNs = Math.max(newestTimeNs, journalTimeNs);
                if (committed) {
                    committedTimeNs = Math.max(committedTimeNs, journalTimeNs);
                } else if (firstUncommittedTimeNs == Long.MIN_VALUE) {
                    firstUncommittedTimeNs = journalTimeNs;
                }
            }
            if (!committed) {
                uncommittedRecords++;
            }
        }

        /** The batch reached its row or byte threshold (age is the follow loop's to judge). */
        boolean full() {
            return trades.size() + quotes.size() >= settings.batchRows()
                || trades.journalBytes() + quotes.journalBytes() >= settings.batchBytes();
        }

        /** Everything read so far is committed. */
        void committed() {
            uncommittedRecords = 0;
            if (newestTimeNs != Long.MIN_VALUE) {
                committedTimeNs = newestTimeNs;
            }
            firstUncommittedTimeNs = Long.MIN_VALUE;
        }

        ColdLag lag(long pendingExcerpts, long lastIndexRead, CircuitBreaker breaker, String error) {
            long lagNs = 0;
            if (uncommittedRecords > 0 && newestTimeNs != Long.MIN_VALUE) {
                long since = committedTimeNs != Long.MIN_VALUE ? committedTimeNs : firstUncommittedTimeNs;
                lagNs = since == Long.MIN_VALUE ? 0 : Math.max(0, newestTimeNs - since);
            }
            return new ColdLag(pendingExcerpts, uncommittedRecords, lagNs,
                lowestWatermark(), lastIndexRead,
                breaker.state(), breaker.consecutiveFailures(), error);
        }

        @Override
        public void onCorrupt(long index, String problem) {
            throw new IllegalStateException("journal excerpt " + Watermark.hex(index) + " cannot be decoded: " + problem
                + "; the cold tables stop before it (run k2 verify)");
        }

        @Override
        public boolean done() {
            return full() || (!empty && System.nanoTime() - firstTickNs >= settings.batchAgeMs() * 1_000_000L);
        }
    }

    public ColdCatalog catalog() {
        return catalog;
    }

    private void releaseLock() {
        lock.close();
    }

    @Override
    public void close() {
        try {
            catalog.close();
        } finally {
            releaseLock();
        }
    }
}
