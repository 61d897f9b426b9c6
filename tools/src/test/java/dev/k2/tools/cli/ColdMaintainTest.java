package dev.k2.tools.cli;

import static dev.k2.tools.CommandLineRun.k2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.feeds.support.SharedData;
import dev.k2.persistence.cold.ColdCatalog;
import dev.k2.persistence.cold.ColdSchema;
import dev.k2.persistence.cold.ColdTable;
import dev.k2.persistence.cold.PausePoint;
import dev.k2.persistence.cold.Watermark;
import dev.k2.tools.CommandLineRun;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** {@code k2 cold maintain}, {@code rebuild}, {@code catalog}, and file pruning of the cold tables. */
@Timeout(300)
class ColdMaintainTest {
    @TempDir
    Path dataDir;
    /** Logs, pause markers and the child JVMs' java.io.tmpdir: removed with a passing test (kept when one fails, for its logs). */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path scratch;

    private CommandLineRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString()));
        CommandLineRun result = k2(all.toArray(String[]::new));
        assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
        return result;
    }

    private void ingest(String format, String file) {
        run("ingest", "--format", format, SharedData.asx(file).toString());
    }

    private void assertTablesEqualJournal() {
        try (ColdCatalog catalog = ColdTables.catalog(dataDir)) {
            ColdTables.assertSameTicks(ColdTables.tableKeys(catalog), ColdTables.journalKeys(dataDir));
        }
    }

    @Test
    void compactionMergesSmallFilesInSortOrderAndExpiryKeepsTheWatermark() {
        ingest("asx-trades", "trades/7078.csv");
        ingest("asx-quotes", "quotes/7078.csv");
        CommandLineRun sync = run("cold", "sync", "--json", "--set", "cold.batchRows=10000");
        long before = run("cold", "stats", "--json").number("trades", "files");

        CommandLineRun maintain = run("cold", "maintain", "--compact", "--expire-older-than", "0s", "--json");
        assertThat(maintain.number("trades", "filesBefore")).isEqualTo(before);
        assertThat(maintain.number("trades", "filesAfter")).isLessThan(before);
        assertThat(maintain.number("quotes", "filesAfter")).isLessThan(maintain.number("quotes", "filesBefore"));
        assertThat(maintain.number("trades", "snapshotsExpired")).isPositive();
        assertTablesEqualJournal();

        try (ColdCatalog catalog = ColdTables.catalog(dataDir)) {
            Table trades = catalog.existing(ColdTable.TRADES);
            assertThat(Watermark.current(trades)).as("watermark after compaction and expiry").isEqualTo(sync.number("watermark"));
            assertSortedWithinEachFile(trades);
        }
        CommandLineRun again = run("cold", "sync", "--json");
        assertThat(again.number("rows")).as("nothing written twice after maintenance").isZero();
    }

    @Test
    void maintenanceWhileAWriterProcessSyncsLeavesTheTablesEqualToTheJournal() throws Exception {
        ingest("asx-trades", "trades/7078.csv");
        ingest("asx-quotes", "quotes/7078.csv");
        run("cold", "sync", "--set", "cold.batchRows=20000"); // tables exist, files to compact
        ingest("asx-trades", "trades/7458.csv");
        ingest("asx-quotes", "quotes/7458.csv");
        Path log = scratch.resolve("writer.log");
        Process writer = new ProcessBuilder(ColdCrashTest.javaCommand(scratch, null, null, "cold", "sync", "--data-dir",
            dataDir.toString(), "--set", "cold.batchRows=5000")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int rounds = 0;
        try {
            while (writer.isAlive() || rounds == 0) {
                run("cold", "maintain", "--compact", "--expire-older-than", "0s");
                rounds++;
            }
            assertThat(writer.waitFor(120, TimeUnit.SECONDS)).isTrue();
        } finally {
            writer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(writer.exitValue()).as("writer beside maintenance: " + Files.readString(log)).isZero();
        assertThat(rounds).isPositive();
        assertThat(run("cold", "sync", "--json").number("rows")).as("the writer reached the journal's end").isZero();
        assertTablesEqualJournal();
    }

    @Test
    void removeOrphansDeletesTheFilesOfAKilledBatchAndNothingLive() throws Exception {
        ingest("asx-trades", "trades/7078.csv");
        Path marker = scratch.resolve("paused");
        Process writer = new ProcessBuilder(ColdCrashTest.javaCommand(scratch, PausePoint.BEFORE_COMMIT.at(2), marker, "cold", "sync",
            "--data-dir", dataDir.toString(), "--set", "cold.batchRows=40000")).redirectErrorStream(true)
            .redirectOutput(scratch.resolve("writer.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!Files.exists(marker) && writer.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(marker).exists();
        } finally {
            writer.destroyForcibly();
            writer.waitFor(30, TimeUnit.SECONDS);
        }
        run("cold", "sync");
        Set<String> live;
        try (ColdCatalog catalog = ColdTables.catalog(dataDir)) {
            live = new HashSet<>(ColdTables.liveDataFiles(catalog.existing(ColdTable.TRADES)));
            live.addAll(ColdTables.liveDataFiles(catalog.existing(ColdTable.QUOTES)));
        }
        Set<String> orphans = new HashSet<>(ColdTables.parquetFilesOnDisk(dataDir));
        orphans.removeAll(live);
        assertThat(orphans).isNotEmpty();

        CommandLineRun young = run("cold", "maintain", "--remove-orphans", "--json");
        assertThat(young.number("trades", "orphansRemoved")).as("younger than the default safety age").isZero();

        CommandLineRun remove = run("cold", "maintain", "--remove-orphans", "--orphan-min-age", "0s", "--json");
        assertThat(remove.number("trades", "orphansRemoved")).isGreaterThanOrEqualTo(orphans.size());
        assertThat(ColdTables.parquetFilesOnDisk(dataDir)).isEqualTo(live);
        assertTablesEqualJournal();
        assertThat(run("cold", "sync", "--json").number("rows")).isZero();
    }

    @Test
    void rebuildFromScratchAndFromAnIndexHoldExactlyTheJournalsTicks() {
        ingest("asx-trades", "trades/7078.csv");
        long firstWatermark = run("cold", "sync", "--json").number("watermark");
        ingest("asx-quotes", "quotes/7078.csv");
        run("cold", "sync");

        CommandLineRun fromIndex = run("cold", "rebuild", "--from-index", Long.toString(firstWatermark), "--json");
        assertThat(fromIndex.number("tradesFrom")).isEqualTo(firstWatermark);
        assertThat(fromIndex.number("tradeRows")).isZero();
        assertThat(fromIndex.number("quoteRows")).isPositive();
        assertTablesEqualJournal();

        CommandLineRun all = run("cold", "rebuild", "--json");
        assertThat(all.number("rows")).isEqualTo(ColdTables.journalKeys(dataDir).size());
        assertTablesEqualJournal();

        CommandLineRun bad = k2("cold", "rebuild", "--from-index", "x1", "--data-dir", dataDir.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--from-index", "not a journal index");
    }

    @Test
    void aOneSymbolOneDayScanPlansOnlyTheFilesThatCanMatch() throws IOException {
        ingest("asx-trades", "trades/7078.csv");
        run("cold", "sync", "--set", "cold.batchRows=30000");
        ingest("asx-trades", "trades/7458.csv");
        run("cold", "sync", "--set", "cold.batchRows=30000");
        try (ColdCatalog catalog = ColdTables.catalog(dataDir)) {
            Table trades = catalog.existing(ColdTable.TRADES);
            List<DataFile> all = planned(trades, Expressions.alwaysTrue());
            DataFile anyBhp = all.stream().filter(f -> symbolBound(f, true).compareTo("BHP") <= 0
                && symbolBound(f, false).compareTo("BHP") >= 0).findFirst().orElseThrow();
            int day = anyBhp.partition().get(0, Integer.class);
            long dayStartMicros = day * 86_400_000_000L;
            var filter = Expressions.and(Expressions.equal(ColdSchema.SYMBOL, "BHP"),
                Expressions.greaterThanOrEqual(ColdSchema.EXCHANGE_TIME, dayStartMicros),
                Expressions.lessThan(ColdSchema.EXCHANGE_TIME, dayStartMicros + 86_400_000_000L));
            Set<String> expected = new HashSet<>();
            for (DataFile f : all) {
                if (f.partition().get(0, Integer.class) == day && symbolBound(f, true).compareTo("BHP") <= 0
                    && symbolBound(f, false).compareTo("BHP") >= 0) {
                    expected.add(f.location());
                }
            }
            Set<String> plannedFiles = new HashSet<>();
            planned(trades, filter).forEach(f -> plannedFiles.add(f.location()));
            assertThat(plannedFiles).isEqualTo(expected).isNotEmpty();
            assertThat(plannedFiles.size()).as("RIO files and other days are pruned").isLessThan(all.size());
        }
    }

    @Test
    void catalogPrintsWhatSparkAndTrinoNeed() {
        CommandLineRun catalog = run("cold", "catalog");
        assertThat(catalog.out()).contains("type=jdbc", "uri=jdbc:sqlite:", "warehouse=file:", "jdbc.schema-version=V1",
            "--conf spark.sql.catalog.k2=org.apache.iceberg.spark.SparkCatalog", "spark.sql.catalog.k2.uri=jdbc:sqlite:",
            "connector.name=iceberg", "iceberg.catalog.type=jdbc", "iceberg.jdbc-catalog.catalog-name=k2",
            "iceberg.jdbc-catalog.driver-class=org.sqlite.JDBC", "fs.native-local.enabled=true", "local.location=/");
        assertThat(run("cold", "catalog", "--json").text("jdbc.schema-version")).isEqualTo("V1");
        assertThat(catalog.out()).contains(",org.xerial:sqlite-jdbc:");
        CommandLineRun postgres = run("cold", "catalog", "--set", "cold.catalog.uri=jdbc:postgresql://127.0.0.1:5432/k2?user=k2",
            "--set", "cold.warehouse=file:///srv/k2-warehouse");
        assertThat(postgres.out()).contains("uri=jdbc:postgresql://127.0.0.1:5432/k2?user=k2",
            ",org.postgresql:postgresql:", "iceberg.jdbc-catalog.connection-url=jdbc:postgresql:",
            "fs.native-local.enabled=true").doesNotContain("sqlite");
        CommandLineRun s3 = run("cold", "catalog", "--set", "cold.warehouse=s3://bucket/k2",
            "--set", "cold.s3.endpoint=http://127.0.0.1:9000", "--set", "cold.s3.pathStyle=true");
        assertThat(s3.out()).contains("io-impl=org.apache.iceberg.aws.s3.S3FileIO", "s3.endpoint=http://127.0.0.1:9000",
            "s3.path-style-access=true", ",org.apache.iceberg:iceberg-aws-bundle:", "fs.native-s3.enabled=true")
            .doesNotContain("fs.native-local.enabled");
        CommandLineRun shared = k2("cold", "catalog", "--data-dir", dataDir.toString(),
            "--set", "cold.catalog.uri=jdbc:postgresql://127.0.0.1:5432/k2?user=k2&password=hunter2");
        assertThat(shared.exitCode()).isEqualTo(2);
        assertThat(shared.err()).contains("set cold.warehouse").contains("password=***").doesNotContain("hunter2");
    }

    @Test
    void helpDescribesMaintainRebuildAndCatalogAndMaintainWithoutAnActionSaysWhatToPass() {
        assertThat(k2("cold", "--help").out()).contains("maintain", "rebuild", "catalog");
        assertThat(k2("cold", "maintain", "--help").out()).contains("--compact", "--expire-older-than", "--remove-orphans",
            "--orphan-min-age");
        assertThat(k2("cold", "rebuild", "--help").out()).contains("--from-index");
        assertThat(k2("cold", "catalog", "--help").out()).contains("Spark", "Trino");
        CommandLineRun nothing = k2("cold", "maintain", "--data-dir", dataDir.toString());
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("--compact", "--remove-orphans");
    }

    private static List<DataFile> planned(Table table, org.apache.iceberg.expressions.Expression filter) throws IOException {
        List<DataFile> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().filter(filter).planFiles()) {
            tasks.forEach(t -> files.add(t.file()));
        }
        return files;
    }

    private static String symbolBound(DataFile file, boolean lower) {
        ByteBuffer bound = (lower ? file.lowerBounds() : file.upperBounds()).get(2);
        return Conversions.<CharSequence>fromByteBuffer(Types.StringType.get(), bound).toString();
    }

    /** Rows of every data file come in (symbol, exchange_time) order. */
    private static void assertSortedWithinEachFile(Table table) {
        for (String location : ColdTables.liveDataFiles(table)) {
            String previousSymbol = null;
            java.time.OffsetDateTime previousTime = null;
            try (CloseableIterable<org.apache.iceberg.data.Record> rows = org.apache.iceberg.parquet.Parquet
                .read(table.io().newInputFile(location)).project(table.schema())
                .createReaderFunc(s -> org.apache.iceberg.data.parquet.GenericParquetReaders.buildReader(table.schema(), s))
                .build()) {
                for (org.apache.iceberg.data.Record r : rows) {
                    String symbol = (String) r.getField(ColdSchema.SYMBOL);
                    java.time.OffsetDateTime time = (java.time.OffsetDateTime) r.getField(ColdSchema.EXCHANGE_TIME);
                    if (previousSymbol != null) {
                        int bySymbol = symbol.compareTo(previousSymbol);
                        assertThat(bySymbol > 0 || bySymbol == 0 && !time.isBefore(previousTime))
                            .as("sorted by symbol, exchange_time in " + location).isTrue();
                    }
                    previousSymbol = symbol;
                    previousTime = time;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
