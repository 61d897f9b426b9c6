package dev.k2.persistence.cold;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.TickEvent;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.journal.JournalReader;
import dev.k2.persistence.journal.JournalVisitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 *   (JournalReader, whole excerpts)    └─▶ TickBatch (quotes) ──┤ always after a whole excerpt
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
 * <p>Markers (gap, reset, duplicate runs) are not rows of these tables; this writer skips them. An
 * audit finds them in the journal ({@code k2 dump}, {@code k2 verify}); a {@code k2.gaps} table is
 * a later step.
 */
public final class ColdWriter implements AutoCloseable {
    private final DataDirectory dir;
    private final ColdSettings settings;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ColdCatalog catalog;
    private final Map<ColdTable, Table> tables = new EnumMap<>(ColdTable.class);
    private final Map<ColdTable, TickBatch> batches = new EnumMap<>(ColdTable.class);
    private final Map<ColdTable, Long> watermarks = new EnumMap<>(ColdTable.class);
    private final PausePoint.Armed pause = PausePoint.fromSystemProperties();

    /** Takes the writer lock, opens the catalog and creates the tables that do not exist yet. */
    public ColdWriter(DataDirectory dir, ColdSettings settings) {
        this(dir, settings, ParquetEncoder.COLUMNAR);
    }

    /** As {@link #ColdWriter(DataDirectory, ColdSettings)}, writing Parquet through {@code encoder}. */
    public ColdWriter(DataDirectory dir, ColdSettings settings, ParquetEncoder encoder) {
        this.dir = dir;
        this.settings = settings;
        Path lockFile = dir.cold().resolve("writer.lock");
        try {
            Files.createDirectories(dir.cold());
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + ": " + e.getMessage()
                + " (check that the data directory is writable)", e);
        }
        if (lock == null) {
            closeQuietly(lockChannel);
            throw new IllegalStateException("another k2 process is writing the cold tables of " + dir.root()
                + " (it holds " + lockFile + "): wait for it to finish");
        }
        try {
            this.catalog = ColdCatalog.open(settings);
            for (ColdTable table : ColdTable.values()) {
                tables.put(table, catalog.createIfMissing(table));
                batches.put(table, new TickBatch(table, encoder));
            }
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
     */
    public SyncResult sync() {
        long start = System.nanoTime();
        for (ColdTable table : ColdTable.values()) {
            watermarks.put(table, watermark(table));
        }
        long from = Math.min(watermarks.get(ColdTable.TRADES), watermarks.get(ColdTable.QUOTES));
        long tradeRows = 0;
        long quoteRows = 0;
        int files = 0;
        long fileBytes = 0;
        int snapshots = 0;
        int batchCount = 0;
        long excerpts = 0;
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
                    excerpts += read;
                    long last = reader.lastIndexRead();
                    for (ColdTable table : ColdTable.values()) {
                        TickBatch batch = batches.get(table);
                        if (last <= watermarks.get(table)) {
                            continue; // this table already holds the excerpts re-read after a partial commit
                        }
                        pause(PausePoint.BEFORE_WRITE, batchCount + 1);
                        List<DataFile> written = batch.write(tables.get(table), registry);
                        pause(PausePoint.BEFORE_COMMIT, batchCount + 1);
                        commit(table, written, last);
                        pause(PausePoint.AFTER_COMMIT, batchCount + 1);
                        snapshots++;
                        files += written.size();
                        fileBytes += written.stream().mapToLong(DataFile::fileSizeInBytes).sum();
                        if (table == ColdTable.TRADES) {
                            tradeRows += batch.size();
                        } else {
                            quoteRows += batch.size();
                        }
                        batch.clear();
                    }
                    batchCount++;
                    if (last >= end) {
                        break;
                    }
                }
            }
        }
        long watermark = Math.min(watermark(ColdTable.TRADES), watermark(ColdTable.QUOTES));
        return new SyncResult(tradeRows, quoteRows, files, fileBytes, snapshots, batchCount, excerpts, watermark,
            System.nanoTime() - start);
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
    }

    /**
     * Rebuild from a journal index: rolls each table back to its newest snapshot whose watermark is at or
     * below {@code index} (a table whose history starts after it is dropped and created empty), so the
     * next {@link #sync()} writes again every tick after that snapshot's watermark.
     *
     * @return per table, the watermark it was rolled back to
     */
    public Map<ColdTable, Long> rollBackTo(long index) {
        Map<ColdTable, Long> result = new EnumMap<>(ColdTable.class);
        for (ColdTable coldTable : ColdTable.values()) {
            Table table = tables.get(coldTable);
            table.refresh();
            Snapshot current = table.currentSnapshot();
            if (current == null || Watermark.current(table) <= index) {
                result.put(coldTable, Watermark.current(table));
                continue;
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
                result.put(coldTable, Watermark.current(table));
            } else if (oldest.parentId() == null) {
                catalog.drop(coldTable);
                tables.put(coldTable, catalog.createIfMissing(coldTable));
                result.put(coldTable, Watermark.NONE);
            } else {
                throw new IllegalStateException("no snapshot of " + table.name() + " at or below journal index "
                    + Watermark.hex(index) + " remains (maintenance expired them): run k2 cold rebuild without"
                    + " --from-index to rewrite the whole table from the journal");
            }
        }
        return result;
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
        AppendFiles append = target.newAppend();
        files.forEach(append::appendFile);
        append.set(Watermark.SUMMARY_KEY, Long.toString(lastIndex));
        try {
            append.commit();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot commit " + files.size() + " files to " + target.name()
                + " up to journal index " + Watermark.hex(lastIndex) + ": " + ColdCatalog.rootMessage(e)
                + " (the journal still holds the data: run k2 cold sync again once the catalog is reachable)", e);
        }
        watermarks.put(table, lastIndex);
    }

    /** Fills the batches from whole excerpts; says done when a threshold is reached after an excerpt. */
    private final class BatchVisitor implements JournalVisitor {
        private long firstTickNs;
        private boolean empty;

        void startBatch() {
            empty = true;
        }

        @Override
        public void onTick(long index, int record, TickEvent tick) {
            ColdTable table = ColdTable.of(tick.kind);
            if (index <= watermarks.get(table)) {
                return;
            }
            if (empty) {
                firstTickNs = System.nanoTime();
                empty = false;
            }
            batches.get(table).add(index, record, tick);
        }

        @Override
        public void onCorrupt(long index, String problem) {
            throw new IllegalStateException("journal excerpt " + Watermark.hex(index) + " cannot be decoded: " + problem
                + "; the cold tables stop before it (run k2 verify)");
        }

        @Override
        public boolean done() {
            TickBatch trades = batches.get(ColdTable.TRADES);
            TickBatch quotes = batches.get(ColdTable.QUOTES);
            return trades.size() + quotes.size() >= settings.batchRows()
                || trades.journalBytes() + quotes.journalBytes() >= settings.batchBytes()
                || (!empty && System.nanoTime() - firstTickNs >= settings.batchAgeMs() * 1_000_000L);
        }
    }

    public ColdCatalog catalog() {
        return catalog;
    }

    private void releaseLock() {
        try {
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the cold writer lock: " + e.getMessage(), e);
        } finally {
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the channel only carried the lock; the OS drops the lock with the process anyway
        }
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
