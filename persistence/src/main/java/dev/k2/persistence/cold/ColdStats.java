package dev.k2.persistence.cold;

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
 * @param tables          per table, in {@link ColdTable} order
 * @param watermark       the journal index both tables are complete up to ({@link Watermark#NONE} if none)
 * @param journalLast     the journal's last excerpt index (-1 when empty)
 * @param lagExcerpts     journal excerpts after {@code watermark}
 */
public record ColdStats(Map<ColdTable, TableStats> tables, long watermark, long journalLast, long lagExcerpts) {

    /**
     * @param rows       rows in the current snapshot
     * @param files      data files in the current snapshot
     * @param bytes      their total size
     * @param snapshots  snapshots the table keeps
     * @param watermark  the table's own watermark
     * @param lagTicks   journal ticks of this table's kind not yet in it
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
        long watermark = Math.min(watermarks.get(ColdTable.TRADES), watermarks.get(ColdTable.QUOTES));
        Map<ColdTable, long[]> lag = new EnumMap<>(ColdTable.class);
        for (ColdTable table : ColdTable.values()) {
            lag.put(table, new long[1]);
        }
        long journalLast;
        long lagExcerpts = 0;
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
                    }
                });
                if (watermark != Watermark.NONE) {
                    lagExcerpts--; // the watermark's own excerpt was read again
                }
            }
        }
        Map<ColdTable, TableStats> tables = new EnumMap<>(ColdTable.class);
        for (ColdTable table : ColdTable.values()) {
            Table t = loaded.get(table);
            Snapshot current = t == null ? null : t.currentSnapshot();
            Map<String, String> summary = current == null ? Map.of() : current.summary();
            int snapshots = 0;
            if (t != null) {
                for (Snapshot ignored : t.snapshots()) {
                    snapshots++;
                }
            }
            tables.put(table, new TableStats(number(summary, SnapshotSummary.TOTAL_RECORDS_PROP),
                number(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP), number(summary, SnapshotSummary.TOTAL_FILE_SIZE_PROP),
                snapshots, watermarks.get(table), lag.get(table)[0]));
        }
        return new ColdStats(tables, watermark, journalLast, Math.max(0, lagExcerpts));
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
