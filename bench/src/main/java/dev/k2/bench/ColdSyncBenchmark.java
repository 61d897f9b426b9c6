package dev.k2.bench;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.sequence.SequenceClass;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.time.EpochClock;
import dev.k2.feeds.synthetic.TickGenerator;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.ColdWriter;
import dev.k2.persistence.cold.ParquetEncoder;
import dev.k2.persistence.cold.SyncResult;
import dev.k2.persistence.journal.ChronicleJournalSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.agrona.collections.IntHashSet;

/**
 * Journal to Iceberg on one writer thread, the whole {@code k2 cold sync} path: read the journal,
 * fill the batches, sort, encode Parquet (zstd), commit one snapshot per table per batch to the
 * embedded SQLite catalog. One journal of synthetic ticks (default 1,000,000; 16 instruments, 3 venues),
 * then for each {@link ParquetEncoder}, rounds into fresh cold tables: the first warms the JIT, the
 * rest are reported. Checks every round wrote every tick. Also prints the on-disk bytes per tick of
 * the journal (allocated blocks) and of the Parquet data files.
 *
 * <p>Run: {@code java <k2 JVM flags> -cp bench/target/benchmarks.jar dev.k2.bench.ColdSyncBenchmark [ticks] [rounds]}
 */
public final class ColdSyncBenchmark {
    private ColdSyncBenchmark() {
    }

    public static void main(String[] args) {
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path root = TempDirectory.create("k2-bench-cold");
        try {
            DataDirectory dir = new DataDirectory(root);
            writeJournal(dir, ticks);
            long journalBytes = allocatedBytes(dir.journal());
            System.out.printf(Locale.ROOT, "journal: %,d ticks, %,d bytes on disk, %.1f bytes/tick%n", ticks,
                journalBytes, (double) journalBytes / ticks);
            for (ParquetEncoder encoder : ParquetEncoder.values()) {
                for (int round = 0; round <= rounds; round++) {
                    if (Files.exists(dir.cold())) {
                        TempDirectory.delete(dir.cold());
                    }
                    SyncResult result;
                    try (ColdWriter writer = new ColdWriter(dir, ColdSettings.embedded(dir), encoder)) {
                        result = writer.sync();
                    }
                    if (result.rows() != ticks) {
                        throw new IllegalStateException(encoder + " wrote " + result.rows() + " rows of " + ticks + " ticks");
                    }
                    System.out.printf(Locale.ROOT,
                        "%-8s %s: %,9d rows/s (%,d rows, %.2f s, %d batches, %d snapshots, %d files), Parquet %.1f bytes/tick%n",
                        encoder, round == 0 ? "warm-up" : "round " + round, result.rowsPerSecond(), result.rows(),
                        result.elapsedNs() / 1e9, result.batches(), result.snapshots(), result.files(),
                        (double) result.fileBytes() / result.rows());
                }
            }
        } finally {
            TempDirectory.delete(root);
        }
    }

    private static void writeJournal(DataDirectory dir, int ticks) {
        InstrumentRegistry registry = new InstrumentRegistry();
        TickGenerator generator = new TickGenerator(registry, 16, 3, EpochClock.system());
        ChronicleJournalSink sink = new ChronicleJournalSink(dir.journal(), "FAST_HOURLY", 64, registry, new IntHashSet());
        sink.open();
        TickEvent tick = new TickEvent().clear();
        for (int i = 0; i < ticks; i++) {
            generator.next(tick);
            tick.sequenceClass = SequenceClass.IN_ORDER;
            sink.appendTick(tick);
        }
        sink.close();
    }

    /** Bytes of disk blocks the files under {@code path} occupy ({@code du}: Chronicle's files are sparse). */
    private static long allocatedBytes(Path path) {
        try {
            Process du = new ProcessBuilder("du", "-s", "-B1", path.toString()).redirectErrorStream(true).start();
            String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (du.waitFor() != 0) {
                throw new IllegalStateException("du " + path + " failed: " + out);
            }
            return Long.parseLong(out.split("\\s+")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run du on " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted measuring " + path, e);
        }
    }
}
