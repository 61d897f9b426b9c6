package dev.k2.bench;

import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdCatalog;
import dev.k2.persistence.cold.ColdMaintenance;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.ColdTable;
import dev.k2.persistence.cold.ColdWriter;
import dev.k2.persistence.cold.SyncResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Compaction of a large load: a journal of synthetic trades (default 24,000,000: one venue, one day,
 * so one partition of {@code k2.trades}) synced in many small commits (default 100,000 rows per
 * batch), then {@code k2 cold maintain --compact} ({@link ColdMaintenance}) at the tables' target file
 * size ({@link ColdCatalog#TARGET_FILE_BYTES}, or {@code targetMiB}). Prints the data files' count and
 * min / median / max size before and after, the sync and compaction rates, and checks that the
 * compaction kept every row. Needs about 80 bytes of disk per tick for the journal; deletes it all.
 *
 * <p>Run: {@code java <k2 JVM flags> -cp bench/target/benchmarks.jar dev.k2.bench.ColdCompactionBenchmark [ticks] [batchRows] [targetMiB]}
 */
public final class ColdCompactionBenchmark {
    private ColdCompactionBenchmark() {
    }

    public static void main(String[] args) {
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 24_000_000;
        int batchRows = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        long targetBytes = args.length > 2 ? Long.parseLong(args[2]) << 20 : ColdCatalog.TARGET_FILE_BYTES;
        Path root = TempDirectory.create("k2-bench-compact");
        try {
            DataDirectory dir = new DataDirectory(root);
            long start = System.nanoTime();
            ColdSyncBenchmark.writeJournal(dir, ticks);
            System.out.printf(Locale.ROOT, "journal: %,d ticks in %.1f s, %,d bytes on disk%n", ticks,
                (System.nanoTime() - start) / 1e9, ColdSyncBenchmark.allocatedBytes(dir.journal()));
            ColdSettings settings = ColdSettings.embedded(dir).withBatchRows(batchRows);
            SyncResult synced;
            try (ColdWriter writer = new ColdWriter(dir, settings)) {
                synced = writer.sync();
            }
            if (synced.rows() != ticks) {
                throw new IllegalStateException("sync wrote " + synced.rows() + " rows of " + ticks + " ticks");
            }
            System.out.printf(Locale.ROOT, "sync: %,d rows/s (%,d rows, %.1f s, %d batches, %d snapshots), Parquet %.2f bytes/tick%n",
                synced.rowsPerSecond(), synced.rows(), synced.elapsedNs() / 1e9, synced.batches(), synced.snapshots(),
                (double) synced.fileBytes() / synced.rows());
            try (ColdCatalog catalog = ColdCatalog.open(settings)) {
                Table trades = catalog.existing(ColdTable.TRADES);
                if (targetBytes != ColdCatalog.TARGET_FILE_BYTES) {
                    trades.updateProperties().set(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(targetBytes))
                        .commit();
                }
                System.out.println("before: " + distribution(trades));
                long compactStart = System.nanoTime();
                Map<ColdTable, ColdMaintenance.TableResult> results;
                try (ColdMaintenance maintenance = new ColdMaintenance(catalog, dir.cold())) {
                    results = maintenance.run(true, null, null);
                }
                double seconds = (System.nanoTime() - compactStart) / 1e9;
                ColdMaintenance.TableResult result = results.get(ColdTable.TRADES);
                System.out.printf(Locale.ROOT, "compact (target %d MiB): %d files rewritten into %d in %.1f s (%,.0f rows/s)%n",
                    targetBytes >> 20, result.filesRewritten(), result.filesWritten(), seconds, ticks / seconds);
                trades.refresh();
                long rows = 0;
                for (FileScanTask task : tasks(trades)) {
                    rows += task.file().recordCount();
                }
                if (rows != ticks) {
                    throw new IllegalStateException("after compaction " + rows + " rows of " + ticks);
                }
                System.out.println("after:  " + distribution(trades));
                trades.updateProperties().set(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(targetBytes));
                try (ColdMaintenance maintenance = new ColdMaintenance(catalog, dir.cold())) {
                    ColdMaintenance.TableResult again = maintenance.run(true, null, null).get(ColdTable.TRADES);
                    System.out.printf(Locale.ROOT, "compact again: %d files rewritten (stable when 0)%n", again.filesRewritten());
                }
            }
        } finally {
            TempDirectory.delete(root);
        }
    }

    private static String distribution(Table table) {
        List<Long> sizes = new ArrayList<>();
        for (FileScanTask task : tasks(table)) {
            sizes.add(task.file().fileSizeInBytes());
        }
        sizes.sort(null);
        if (sizes.isEmpty()) {
            return "no data files";
        }
        long total = sizes.stream().mapToLong(Long::longValue).sum();
        return String.format(Locale.ROOT, "%d data files, %.1f MiB in all; min %.2f, median %.2f, max %.2f MiB",
            sizes.size(), total / 1048576.0, sizes.get(0) / 1048576.0, sizes.get(sizes.size() / 2) / 1048576.0,
            sizes.get(sizes.size() - 1) / 1048576.0);
    }

    private static List<FileScanTask> tasks(Table table) {
        table.refresh();
        List<FileScanTask> tasks = new ArrayList<>();
        try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
            planned.forEach(tasks::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tasks;
    }
}
