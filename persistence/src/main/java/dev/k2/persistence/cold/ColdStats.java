package dev.k2.persistence.cold;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.TickEvent;
import dev.k2.persistence.journal.JournalReader;
import dev.k2.persistence.journal.JournalVisitor;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;

/**
 * The state of the cold tables against the journal: per table rows, data files, bytes, snapshots,
 * watermark and lag (journal ticks of its kind after its watermark).
 *
 * @param tables          per tick table, in {@link ColdTable} order
 * @param gaps            {@code k2.gaps} ({@link GapTable}); its lag counts gap markers
 * @param watermark       the journal index all three tables are complete up to ({@link Watermark#NONE} if none)
 * @param journalLast     the journal's last excerpt index (-1 when empty)
 * @param lagExcerpts     journal excerpts after {@code watermark}
 * @param lagRecords      records (ticks and markers) in those excerpts
 * @param lagNs           journal time of the journal's newest record minus that of the newest record at or
 *                        before {@code watermark} (when the tables hold nothing: minus the first record's); 0 when caught up
 */
public record ColdStats(Map<ColdTable, TableStats> tables, TableStats gaps, long watermark, long journalLast, long lagExcerpts,
                        long lagRecords, long lagNs) {

    public double secondsBehind() {
        return lagNs / 1e9;
    }

    /**
     * @param rows       rows in the current snapshot
     * @param files      data files in the current snapshot
     * @param bytes      their total size
     * @param snapshots  snapshots the table keeps
     * @param watermark  the table's own watermark
     * @param lagTicks   journal ticks of this table's kind (for {@code k2.gaps}: gap markers) not yet in it
     */
    public record TableStats(long rows, long files, long bytes, int snapshots, long watermark, long lagTicks) {
    }

    /** Reads the current snapshots; tables never created count as empty. */
    public static ColdStats read(ColdCatalog catalog, Path journal) {
        Map<ColdTable, Long> watermarks = new EnumMap<>(ColdTable.class);
        Map<ColdTable, Table> loaded = new EnumMap<>(ColdTable.class);
        for (ColdTable table : ColdTable.values()) {
            Table t = catalog.existing(table);
            loaded.put(table, t);
            watermarks.put(table, t == null ? Watermark.NONE : Watermark.current(t));
        }
        Table gapsTable = catalog.existingGaps();
        long gapsWatermark = gapsTable == null ? Watermark.NONE : Watermark.current(gapsTable);
        long watermark = Math.min(gapsWatermark, Math.min(watermarks.get(ColdTable.TRADES), watermarks.get(ColdTable.QUOTES)));
        long[] gapLag = new long[1];
        Map<ColdTable, long[]> lag = new EnumMap<>(ColdTable.class);
        for (ColdTable table : ColdTable.values()) {
            lag.put(table, new long[1]);
        }
        long journalLast;
        long lagExcerpts = 0;
        long[] times = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE}; // committed, first after, newest
        long[] lagRecords = new long[1];
        try (JournalReader reader = new JournalReader(journal, new InstrumentRegistry())) {
            journalLast = reader.lastIndex();
            boolean positioned = watermark == Watermark.NONE ? rewind(reader) : reader.seek(watermark);
            if (positioned && journalLast > watermark) {
                lagExcerpts = reader.read(journalLast, new JournalVisitor() {
                    @Override
                    public void onTick(long index, int record, TickEvent tick) {
                        ColdTable table = ColdTable.of(tick.kind);
                        if (index > watermarks.get(table)) {
                            lag.get(table)[0]++;
                        }
                        seen(index, tick.receiveTimeNs);
                    }

                    @Override
                    public void onInstrument(long index, int record, Instrument instrument) {
                        seen(index, Long.MIN_VALUE);
                    }

                    @Override
                    public void onGap(long index, int record, int instrumentId, int channel, long from, long to, long atNs) {
                        seen(index, atNs);
                        if (index > gapsWatermark) {
                            gapLag[0]++;
                        }
                    }

                    @Override
                    public void onReset(long index, int record, int instrumentId, int channel, long oldHighWaterMark,
                                        long newSeq, long atNs) {
                        seen(index, atNs);
                    }

                    @Override
                    public void onDuplicates(long index, int record, int instrumentId, int channel, long first,
                                             long last, long count, long atNs) {
                        seen(index, atNs);
                    }

                    private void seen(long index, long timeNs) {
                        if (index > watermark) {
                            lagRecords[0]++;
                        }
                        if (timeNs == Long.MIN_VALUE) {
                            return;
                        }
                        if (index <= watermark) {
                            times[0] = Math.max(times[0], timeNs);
                        } else if (times[1] == Long.MIN_VALUE) {
                            times[1] = timeNs;
                        }
                        times[2] = Math.max(times[2], timeNs);
                    }
                });
                if (watermark != Watermark.NONE) {
                    lagExcerpts--; // the watermark's own excerpt was read again
                }
            }
        }
        Map<ColdTable, TableStats> tables = new EnumMap<>(ColdTable.class);
        for (ColdTable table : ColdTable.values()) {
            tables.put(table, tableStats(loaded.get(table), watermarks.get(table), lag.get(table)[0]));
        }
        long since = times[0] != Long.MIN_VALUE ? times[0] : times[1];
        long lagNs = lagRecords[0] == 0 || since == Long.MIN_VALUE ? 0 : Math.max(0, times[2] - since);
        return new ColdStats(tables, tableStats(gapsTable, gapsWatermark, gapLag[0]), watermark, journalLast, Math.max(0, lagExcerpts), lagRecords[0], lagNs);
    }

    private static TableStats tableStats(Table t, long watermark, long lag) {
        Snapshot current = t == null ? null : t.currentSnapshot();
        Map<String, String> summary = current == null ? Map.of() : current.summary();
        int snapshots = 0;
        if (t != null) {
            for (Snapshot ignored : t.snapshots()) {
                snapshots++;
            }
        }
        return new TableStats(number(summary, SnapshotSummary.TOTAL_RECORDS_PROP),
            number(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP), number(summary, SnapshotSummary.TOTAL_FILE_SIZE_PROP),
            snapshots, watermark, lag);
    }

    private static boolean rewind(JournalReader reader) {
        reader.rewind();
        return true;
    }

    private static long number(Map<String, String> summary, String key) {
        String value = summary.get(key);
        return value == null ? 0 : Long.parseLong(value);
    }
}
