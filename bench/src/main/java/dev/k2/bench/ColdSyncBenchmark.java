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
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.agrona.collections.IntHashSet;

/**
 * Journal to Iceberg on one writer thread, the whole {@code k2 cold sync} path: read the journal,
 * fill the batches, sort, encode Parquet (zstd), commit one snapshot per table per batch to the
 * embedded SQLite catalog. One journal of synthetic trades (default 1,000,000; 16 instruments of one
 * venue, {@link TickGenerator}), then for each {@link ParquetEncoder} (or those named, comma separated),
 * rounds into fresh cold tables: the first warms the JIT, the rest are reported, each with the CPU time
 * of the writer thread and of the whole process (JIT and GC threads, Iceberg's worker pool) beside the
 * wall time: on a shared, noisy machine the writer's CPU time is the steadier figure. Checks every
 * round wrote every tick. Also prints the on-disk bytes per tick of the journal (allocated blocks) and
 * of the Parquet data files. {@code -Dk2.bench.batchRows=N} (and {@code -Dk2.bench.batchBytes=B})
 * override {@code cold.batchRows} ({@code cold.batchBytes}) to measure the batch size.
 *
 * <p>Run: {@code java <k2 JVM flags> -cp bench/target/benchmarks.jar dev.k2.bench.ColdSyncBenchmark [ticks] [rounds] [COLUMNAR,GENERIC]}
 */
public final class ColdSyncBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ColdSyncBenchmark() {
    }

    public static void main(String[] args) {
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<ParquetEncoder> encoders = args.length > 2
            ? Arrays.stream(args[2].split(",")).map(ParquetEncoder::valueOf).toList()
            : List.of(ParquetEncoder.values());
        Path root = TempDirectory.create("k2-bench-cold");
        try {
            DataDirectory dir = new DataDirectory(root);
            writeJournal(dir, ticks);
            long journalBytes = allocatedBytes(dir.journal());
            System.out.printf(Locale.ROOT, "journal: %,d ticks, %,d bytes on disk, %.1f bytes/tick%n", ticks,
                journalBytes, (double) journalBytes / ticks);
            for (ParquetEncoder encoder : encoders) {
                for (int round = 0; round <= rounds; round++) {
                    if (Files.exists(dir.cold())) {
                        TempDirectory.delete(dir.cold());
                    }
                    SyncResult result;
                    ColdSettings defaults = ColdSettings.embedded(dir);
                    ColdSettings settings = new ColdSettings(defaults.catalogUri(), defaults.warehouse(),
                        Integer.getInteger("k2.bench.batchRows", defaults.batchRows()),
                        Long.getLong("k2.bench.batchBytes", defaults.batchBytes()), defaults.batchAgeMs(), defaults.s3());
                    long cpuNs;
                    long processNs;
                    long gcMs;
                    try (ColdWriter writer = new ColdWriter(dir, settings, encoder)) {
                        long cpuStart = THREADS.getCurrentThreadCpuTime();
                        long processStart = processCpuNs();
                        long gcStart = gcMs();
                        result = writer.sync();
                        cpuNs = THREADS.getCurrentThreadCpuTime() - cpuStart;
                        processNs = processCpuNs() - processStart;
                        gcMs = gcMs() - gcStart;
                    }
                    if (result.rows() != ticks) {
                        throw new IllegalStateException(encoder + " wrote " + result.rows() + " rows of " + ticks + " ticks");
                    }
                    System.out.printf(Locale.ROOT,
                        "%-8s %s: %,9d rows/s (%,d rows, %.2f s, CPU: writer thread %.2f s, process %.2f s, GC %d ms; %d batches, %d snapshots, %d files), Parquet %.1f bytes/tick%n",
                        encoder, round == 0 ? "warm-up" : "round " + round, result.rowsPerSecond(), result.rows(),
                        result.elapsedNs() / 1e9, cpuNs / 1e9, processNs / 1e9, gcMs, result.batches(), result.snapshots(), result.files(),
                        (double) result.fileBytes() / result.rows());
                }
            }
        } finally {
            TempDirectory.delete(root);
        }
    }

    private static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long gcMs() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    static void writeJournal(DataDirectory dir, int ticks) {
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
    static long allocatedBytes(Path path) {
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
