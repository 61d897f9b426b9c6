package dev.k2.tools.cli;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.TickEvent;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdCatalog;
import dev.k2.persistence.cold.ColdSchema;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.ColdTable;
import dev.k2.persistence.cold.GapTable;
import dev.k2.persistence.journal.JournalReader;
import dev.k2.persistence.journal.JournalVisitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** What the journal and the cold tables hold, by natural key, for the cold-store tests. */
public final class ColdTables {
    private ColdTables() {
    }

    public static ColdCatalog catalog(Path dataDir) {
        return ColdCatalog.open(ColdSettings.embedded(new DataDirectory(dataDir)));
    }

    /** The natural keys (kind, venue, symbol, channel, source_seq) of every tick in the journal, in journal order. */
    public static List<String> journalKeys(Path dataDir) {
        List<String> keys = new ArrayList<>();
        InstrumentRegistry registry = new InstrumentRegistry();
        try (JournalReader reader = new JournalReader(new DataDirectory(dataDir).journal(), registry)) {
            reader.readAll(new JournalVisitor() {
                @Override
                public void onTick(long index, int record, TickEvent t) {
                    var instrument = registry.byId(t.instrumentId);
                    keys.add(key(ColdTable.of(t.kind), instrument.venue(), instrument.symbol(), t.channel, t.sourceSeq));
                }
            });
        }
        return keys;
    }

    /** The natural keys of every row of both tables' current snapshots (a list: duplicates stay visible). */
    public static List<String> tableKeys(ColdCatalog catalog) {
        List<String> keys = new ArrayList<>();
        for (ColdTable table : ColdTable.values()) {
            Table t = catalog.existing(table);
            if (t == null) {
                continue;
            }
            t.refresh();
            try (CloseableIterable<Record> rows = IcebergGenerics.read(t).build()) {
                for (Record r : rows) {
                    Object seq = r.getField(ColdSchema.SOURCE_SEQ);
                    if (seq == null) {
                        throw new AssertionError("row without source_seq in " + t.name() + ": " + r);
                    }
                    keys.add(key(table, (String) r.getField(ColdSchema.VENUE), (String) r.getField(ColdSchema.SYMBOL),
                        (Integer) r.getField(ColdSchema.CHANNEL), (Long) seq));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keys;
    }

    /** Same natural keys, each once: nothing lost, nothing twice (sorted comparison, linear in memory). */
    public static void assertSameTicks(List<String> tableKeys, List<String> journalKeys) {
        List<String> table = new ArrayList<>(tableKeys);
        List<String> journal = new ArrayList<>(journalKeys);
        java.util.Collections.sort(table);
        java.util.Collections.sort(journal);
        org.assertj.core.api.Assertions.assertThat(new HashSet<>(journal)).as("journal keys are unique").hasSameSizeAs(journal);
        org.assertj.core.api.Assertions.assertThat(table.size()).as("rows in the tables").isEqualTo(journal.size());
        org.assertj.core.api.Assertions.assertThat(table.equals(journal)).as("tables hold exactly the journal's keys").isTrue();
    }

    /** Every gap marker of the journal as venue|symbol|channel|from|to|detected micros|journal index|record, in journal order. */
    public static List<String> journalGaps(Path dataDir) {
        List<String> gaps = new ArrayList<>();
        InstrumentRegistry registry = new InstrumentRegistry();
        try (JournalReader reader = new JournalReader(new DataDirectory(dataDir).journal(), registry)) {
            reader.readAll(new JournalVisitor() {
                @Override
                public void onGap(long index, int record, int instrumentId, int channel, long from, long to, long atNs) {
                    var instrument = registry.byId(instrumentId);
                    gaps.add(String.join("|", instrument.venue(), instrument.symbol(), Integer.toString(channel),
                        Long.toString(from), Long.toString(to), Long.toString(Math.floorDiv(atNs, 1_000L)),
                        Long.toString(index), Integer.toString(record)));
                }
            });
        }
        return gaps;
    }

    /** The rows of {@code k2.gaps}' current snapshot in the form of {@link #journalGaps}, sorted by journal position. */
    public static List<String> tableGaps(ColdCatalog catalog) {
        Table t = catalog.existingGaps();
        if (t == null) {
            return List.of();
        }
        t.refresh();
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> read = IcebergGenerics.read(t).build()) {
            read.forEach(r -> rows.add(r.copy()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows.sort(java.util.Comparator.comparingLong((Record r) -> (Long) r.getField(ColdSchema.JOURNAL_INDEX))
            .thenComparingInt(r -> (Integer) r.getField(ColdSchema.JOURNAL_RECORD)));
        List<String> gaps = new ArrayList<>();
        for (Record r : rows) {
            java.time.OffsetDateTime at = (java.time.OffsetDateTime) r.getField(GapTable.DETECTED_AT);
            long micros = at.toEpochSecond() * 1_000_000L + at.getNano() / 1_000;
            gaps.add(String.join("|", (String) r.getField(ColdSchema.VENUE), (String) r.getField(ColdSchema.SYMBOL),
                r.getField(ColdSchema.CHANNEL).toString(), r.getField(GapTable.FROM_SEQ).toString(),
                r.getField(GapTable.TO_SEQ).toString(), Long.toString(micros), r.getField(ColdSchema.JOURNAL_INDEX).toString(),
                r.getField(ColdSchema.JOURNAL_RECORD).toString()));
        }
        return gaps;
    }

    private static String key(ColdTable table, String venue, String symbol, int channel, long sourceSeq) {
        return table.tableName() + "|" + venue + "|" + symbol + "|" + channel + "|" + sourceSeq;
    }

    /** Data file paths the current snapshot of a table references. */
    static Set<String> liveDataFiles(Table table) {
        table.refresh();
        Set<String> files = new HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                files.add(Path.of(java.net.URI.create(task.file().location())).toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Every Parquet file on disk under the warehouse. */
    static Set<String> parquetFilesOnDisk(Path dataDir) {
        Path warehouse = new DataDirectory(dataDir).cold().resolve(ColdSettings.WAREHOUSE_DIR);
        if (!Files.isDirectory(warehouse)) {
            return Set.of();
        }
        Set<String> files = new HashSet<>();
        try (Stream<Path> walk = Files.walk(warehouse)) {
            walk.filter(p -> p.toString().endsWith(".parquet")).forEach(p -> files.add(p.toAbsolutePath().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
