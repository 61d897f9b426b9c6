package dev.k2.tools.cli;

import static dev.k2.tools.CommandLineRun.k2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.feeds.support.SharedData;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdCatalog;
import dev.k2.persistence.cold.ColdSchema;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.ColdTable;
import dev.k2.persistence.cold.Watermark;
import dev.k2.persistence.journal.JournalReader;
import dev.k2.persistence.journal.JournalVisitor;
import dev.k2.tools.CommandLineRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import dev.k2.config.K2Config;
import dev.k2.feeds.synthetic.SyntheticMarket;
import dev.k2.tools.runtime.EngineSession;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** The ASX sample through ingest and {@code k2 cold sync}, read back from Iceberg with its own reader. */
@Timeout(300)
class ColdSyncTest {
    private static final long BHP_TRADES = 91_631;
    private static final long RIO_TRADES = 108_671;
    private static final long BHP_QUOTES = 77_849;
    private static final long RIO_QUOTES = 91_171;

    @TempDir
    Path dataDir;
    /** Logs, pause markers and the child JVMs' java.io.tmpdir: removed with a passing test (kept when one fails, for its logs). */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path scratch;

    private CommandLineRun run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        CommandLineRun result = k2(all);
        assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
        return result;
    }

    private void ingest(String format, String file) {
        run("ingest", "--format", format, SharedData.asx(file).toString());
    }

    @Test
    void tablesHoldExactlyTheJournalsTicksAndASecondSyncWritesNothing() {
        ingest("asx-trades", "trades/7078.csv");
        ingest("asx-trades", "trades/7458.csv");
        ingest("asx-quotes", "quotes/7078.csv");
        ingest("asx-quotes", "quotes/7458.csv");

        CommandLineRun sync = run("cold", "sync", "--json");
        assertThat(sync.number("tradeRows")).isEqualTo(BHP_TRADES + RIO_TRADES);
        assertThat(sync.number("quoteRows")).isEqualTo(BHP_QUOTES + RIO_QUOTES);
        assertThat(sync.number("files")).isPositive();
        long watermark = sync.number("watermark");

        Sums journal = journalSums(Long.MAX_VALUE);
        try (ColdCatalog catalog = catalog()) {
            Table trades = catalog.existing(ColdTable.TRADES);
            Table quotes = catalog.existing(ColdTable.QUOTES);
            assertThat(tableSums(trades, null)).isEqualTo(journal.only(TickKind.TRADE));
            assertThat(tableSums(quotes, null)).isEqualTo(journal.only(TickKind.QUOTE));
            assertThat(Watermark.current(trades)).isEqualTo(watermark);
            assertThat(Watermark.current(quotes)).isEqualTo(watermark);
            assertThat(trades.sortOrder().fields()).hasSize(2);
            assertThat(trades.spec().fields()).hasSize(2);
            assertThat(trades.currentSnapshot().summary()).containsEntry(Watermark.SUMMARY_KEY, Long.toString(watermark));
        }
        assertThat(journal.counts()).containsEntry("BHP/TRADE", BHP_TRADES).containsEntry("RIO/QUOTE", RIO_QUOTES);

        CommandLineRun stats = run("cold", "stats", "--json");
        assertThat(stats.number("trades", "rows")).isEqualTo(BHP_TRADES + RIO_TRADES);
        assertThat(stats.number("quotes", "rows")).isEqualTo(BHP_QUOTES + RIO_QUOTES);
        assertThat(stats.number("trades", "lagTicks")).isZero();
        assertThat(stats.number("lagExcerpts")).isZero();
        assertThat(stats.out()).contains("\"watermark\":" + watermark + ",\"watermarkHex\"");

        CommandLineRun again = run("cold", "sync", "--json");
        assertThat(again.number("rows")).isZero();
        assertThat(again.number("files")).isZero();
        assertThat(again.number("snapshots")).isZero();
        assertThat(again.number("watermark")).isEqualTo(watermark);
        assertThat(run("cold", "stats", "--json").number("trades", "snapshots"))
            .isEqualTo(stats.number("trades", "snapshots"));
    }

    @Test
    void syncAfterMoreIngestAppendsOnlyTheNewTicksAndTheOlderSnapshotStillReadsTheOlderContent() {
        ingest("asx-trades", "trades/7078.csv");
        CommandLineRun first = run("cold", "sync", "--json", "--set", "cold.batchRows=40000");
        assertThat(first.number("tradeRows")).isEqualTo(BHP_TRADES);
        assertThat(first.number("batches")).isEqualTo(3); // 91,631 rows in batches of >= 40,000 whole excerpts
        long firstWatermark = first.number("watermark");
        long olderSnapshot;
        try (ColdCatalog catalog = catalog()) {
            olderSnapshot = catalog.existing(ColdTable.TRADES).currentSnapshot().snapshotId();
        }

        ingest("asx-trades", "trades/7458.csv");
        ingest("asx-quotes", "quotes/7078.csv");
        CommandLineRun second = run("cold", "sync", "--json", "--set", "cold.batchRows=40000");
        assertThat(second.number("tradeRows")).isEqualTo(RIO_TRADES);
        assertThat(second.number("quoteRows")).isEqualTo(BHP_QUOTES);
        assertThat(second.number("watermark")).isGreaterThan(firstWatermark);

        Sums journal = journalSums(Long.MAX_VALUE);
        Sums olderJournal = journalSums(firstWatermark);
        try (ColdCatalog catalog = catalog()) {
            Table trades = catalog.existing(ColdTable.TRADES);
            Table quotes = catalog.existing(ColdTable.QUOTES);
            assertThat(tableSums(trades, null)).isEqualTo(journal.only(TickKind.TRADE));
            assertThat(tableSums(quotes, null)).isEqualTo(journal.only(TickKind.QUOTE));
            assertThat(distinctRowAddresses(trades)).isEqualTo(BHP_TRADES + RIO_TRADES);

            Sums older = tableSums(trades, olderSnapshot);
            assertThat(older).isEqualTo(olderJournal.only(TickKind.TRADE));
            assertThat(older.counts()).containsOnly(Map.entry("BHP/TRADE", BHP_TRADES));
            assertThat(Watermark.of(trades, olderSnapshot)).isEqualTo(firstWatermark);
            Snapshot current = trades.currentSnapshot();
            assertThat(current.snapshotId()).isNotEqualTo(olderSnapshot);
        }
    }

    @Test
    void resumesExactlyWhenOnlyTheTradesCommitOfABatchLanded() {
        ingest("asx-trades", "trades/7078.csv");
        ingest("asx-quotes", "quotes/7078.csv");
        run("cold", "sync", "--set", "cold.batchRows=1000000");
        ingest("asx-trades", "trades/7458.csv");
        ingest("asx-quotes", "quotes/7458.csv");
        run("cold", "sync", "--set", "cold.batchRows=1000000");
        try (ColdCatalog catalog = catalog()) {
            // the state a crash between the batch's trades commit and its quotes commit leaves behind
            Table quotes = catalog.existing(ColdTable.QUOTES);
            quotes.manageSnapshots().rollbackTo(quotes.currentSnapshot().parentId()).commit();
        }
        CommandLineRun stats = run("cold", "stats", "--json");
        assertThat(stats.number("quotes", "lagTicks")).isEqualTo(RIO_QUOTES);
        assertThat(stats.number("trades", "lagTicks")).isZero();

        CommandLineRun resume = run("cold", "sync", "--json");
        assertThat(resume.number("tradeRows")).isZero();
        assertThat(resume.number("quoteRows")).isEqualTo(RIO_QUOTES);
        assertThat(resume.number("snapshots")).isEqualTo(1);
        Sums journal = journalSums(Long.MAX_VALUE);
        try (ColdCatalog catalog = catalog()) {
            assertThat(tableSums(catalog.existing(ColdTable.TRADES), null)).isEqualTo(journal.only(TickKind.TRADE));
            assertThat(tableSums(catalog.existing(ColdTable.QUOTES), null)).isEqualTo(journal.only(TickKind.QUOTE));
            assertThat(distinctRowAddresses(catalog.existing(ColdTable.QUOTES))).isEqualTo(BHP_QUOTES + RIO_QUOTES);
        }
    }

    @Test
    void helpDescribesEveryColdCommand() {
        assertThat(k2("cold", "--help").out()).contains("sync", "stats", "k2.journal-index");
        assertThat(k2("cold", "sync", "--help").out()).contains("--data-dir", "--json", "watermark", "--follow",
            "--duration", "k2-cold-writer", "circuit breaker");
        assertThat(k2("cold", "stats", "--help").out()).contains("--data-dir", "--json", "lag");
    }

    @Test
    void followForADurationCommitsTheOpenBatchAtStopAndPrintsItsLag() {
        CommandLineRun demo = k2("demo", "--ticks", "20000", "--instruments", "3", "--data-dir", dataDir.toString());
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        Path demoDir = dataDir.resolve("demo");
        CommandLineRun follow = k2("cold", "sync", "--follow", "--duration", "1s", "--json", "--data-dir", demoDir.toString());
        assertThat(follow.exitCode()).as(follow.err()).isZero();
        long ticks = ColdTables.journalKeys(demoDir).size();
        assertThat(follow.number("rows")).isEqualTo(ticks);
        assertThat(follow.number("lag", "records")).isZero();
        assertThat(follow.text("breaker")).isEqualTo("CLOSED");
        try (ColdCatalog catalog = ColdTables.catalog(demoDir)) {
            ColdTables.assertSameTicks(ColdTables.tableKeys(catalog), ColdTables.journalKeys(demoDir));
        }
        CommandLineRun stats = k2("cold", "stats", "--data-dir", demoDir.toString());
        assertThat(stats.out()).contains("0 excerpts (0 records, 0.000 s of journal time) behind", "k2.gaps");
        List<String> gaps = ColdTables.journalGaps(demoDir);
        assertThat(gaps).isNotEmpty();
        assertThat(follow.number("gapRows")).isEqualTo(gaps.size());
        CommandLineRun statsJson = k2("cold", "stats", "--json", "--data-dir", demoDir.toString());
        assertThat(statsJson.number("gaps", "rows")).isEqualTo(gaps.size());
        assertThat(statsJson.number("gaps", "lagMarkers")).isZero();
        try (ColdCatalog catalog = ColdTables.catalog(demoDir)) {
            assertThat(ColdTables.tableGaps(catalog)).isEqualTo(gaps);
        }

        CommandLineRun text = k2("cold", "sync", "--follow", "--duration", "200ms", "--data-dir", demoDir.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("lag at stop: 0 records", "commit breaker CLOSED");
    }

    @Test
    void followInAnotherProcessTailsAnEngineAppendingHereAndCommitsTheOpenBatchOnSigterm() throws Exception {
        K2Config config = K2Config.load(null, Map.of("data.dir", dataDir.toString()));
        publish(config, 3, 20_000); // the journal the writer process starts on
        Path log = scratch.resolve("follow.log");
        // batches close only at the stop: everything the engine appends is in the open batch at SIGTERM
        Process writer = new ProcessBuilder(ColdCrashTest.javaCommand(scratch, null, null, "cold", "sync", "--follow",
            "--data-dir", dataDir.toString(), "--set", "cold.batchAgeMs=600000"))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(log).contains("following the journal")) {
                assertThat(writer.isAlive()).as("the follow process is running: " + Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("the follow process never started: " + Files.readString(log))
                    .isLessThan(deadline);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            publish(config, 5, 40_000); // two more instruments: new ticks and gaps while the writer tails
            writer.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook stops the writer after its open batch
            assertThat(writer.waitFor(60, TimeUnit.SECONDS)).as("the follow process exits on SIGTERM").isTrue();
        } finally {
            writer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(log)).contains("lag at stop: 0 records", "commit breaker CLOSED");
        try (ColdCatalog catalog = catalog()) {
            ColdTables.assertSameTicks(ColdTables.tableKeys(catalog), ColdTables.journalKeys(dataDir));
            assertThat(ColdTables.tableGaps(catalog)).isEqualTo(ColdTables.journalGaps(dataDir)).isNotEmpty();
        }
    }

    private static void publish(K2Config config, int instruments, long ticks) {
        EngineSession engine = EngineSession.open(config);
        try {
            new SyntheticMarket(new SyntheticMarket.Options(instruments, ticks, 5, 0.001, 0.002))
                .run(engine.registry(), engine.ingress(), engine.clock());
        } finally {
            engine.close();
        }
    }

    @Test
    void durationWithoutFollowSaysToAddFollow() {
        run("ingest", "--format", "asx-trades", SharedData.asx("trades/7078.csv").toString());
        CommandLineRun sync = k2("cold", "sync", "--duration", "1s", "--data-dir", dataDir.toString());
        assertThat(sync.exitCode()).isEqualTo(2);
        assertThat(sync.err()).contains("--duration only applies to --follow");
    }

    @Test
    void syncWithoutAJournalSaysWhatToRunFirst() {
        CommandLineRun sync = k2("cold", "sync", "--data-dir", dataDir.resolve("empty").toString());
        assertThat(sync.exitCode()).isEqualTo(2);
        assertThat(sync.err()).contains("no journal", "k2 ingest");
    }

    private ColdCatalog catalog() {
        return ColdCatalog.open(ColdSettings.embedded(new DataDirectory(dataDir)));
    }

    /** Count and notional (price x quantity; for quotes bid and ask size x price) per symbol and kind. */
    record Sums(Map<String, Long> counts, Map<String, BigDecimal> notional) {
        Sums() {
            this(new TreeMap<>(), new TreeMap<>());
        }

        void add(String symbol, TickKind kind, BigDecimal value) {
            String key = symbol + "/" + kind;
            counts.merge(key, 1L, Long::sum);
            notional.merge(key, value, BigDecimal::add);
        }

        Sums only(TickKind kind) {
            Sums out = new Sums();
            counts.forEach((k, v) -> {
                if (k.endsWith("/" + kind)) {
                    out.counts.put(k, v);
                    out.notional.put(k, notional.get(k));
                }
            });
            return out;
        }
    }

    /** What the journal holds, up to and including excerpt {@code toIndex}. */
    private Sums journalSums(long toIndex) {
        Sums sums = new Sums();
        InstrumentRegistry registry = new InstrumentRegistry();
        try (JournalReader reader = new JournalReader(new DataDirectory(dataDir).journal(), registry)) {
            reader.read(toIndex, new JournalVisitor() {
                @Override
                public void onTick(long index, int record, TickEvent t) {
                    BigDecimal value = t.kind == TickKind.TRADE ? scaled(t.price).multiply(scaled(t.quantity))
                        : scaled(t.bidPrice).multiply(scaled(t.bidSize)).add(scaled(t.askPrice).multiply(scaled(t.askSize)));
                    sums.add(registry.byId(t.instrumentId).symbol(), t.kind, value);
                }
            });
        }
        return sums;
    }

    private static BigDecimal scaled(long value) {
        return BigDecimal.valueOf(value, ColdSchema.DECIMAL_SCALE);
    }

    /** What a table holds, read with Iceberg's generic reader: now, or as of a snapshot. */
    private static Sums tableSums(Table table, Long snapshotId) {
        Sums sums = new Sums();
        boolean trades = table.name().endsWith("trades");
        IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(table);
        if (snapshotId != null) {
            scan = scan.useSnapshot(snapshotId);
        }
        try (CloseableIterable<Record> rows = scan.build()) {
            for (Record r : rows) {
                BigDecimal value = trades
                    ? ((BigDecimal) r.getField(ColdSchema.PRICE)).multiply((BigDecimal) r.getField(ColdSchema.QUANTITY))
                    : ((BigDecimal) r.getField(ColdSchema.BID_PRICE)).multiply((BigDecimal) r.getField(ColdSchema.BID_SIZE))
                        .add(((BigDecimal) r.getField(ColdSchema.ASK_PRICE)).multiply((BigDecimal) r.getField(ColdSchema.ASK_SIZE)));
                sums.add((String) r.getField(ColdSchema.SYMBOL), trades ? TickKind.TRADE : TickKind.QUOTE, value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sums;
    }

    private static long distinctRowAddresses(Table table) {
        Set<String> addresses = new HashSet<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
            for (Record r : rows) {
                addresses.add(r.getField(ColdSchema.JOURNAL_INDEX) + ":" + r.getField(ColdSchema.JOURNAL_RECORD));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return addresses.size();
    }
}
