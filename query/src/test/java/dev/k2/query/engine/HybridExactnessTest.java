package dev.k2.query.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.ColdTable;
import dev.k2.query.api.AsOf;
import dev.k2.query.api.Bar;
import dev.k2.query.api.BarInterval;
import dev.k2.query.api.Cursor;
import dev.k2.query.api.Direction;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.Query;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.ResultStream;
import dev.k2.query.api.TickFilter;
import dev.k2.query.api.TickRow;
import dev.k2.query.api.TradeRow;
import dev.k2.query.cold.ColdScan;
import dev.k2.query.hot.HotSettings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The hybrid view equals a brute-force reading of the journal alone (DESIGN.md 3). */
@Timeout(300)
class HybridExactnessTest {
    @TempDir
    Path root;

    private MarketFixture market;
    private HybridQueryService service;

    @AfterEach
    void tearDown() {
        if (service != null) {
            service.close();
        }
        if (market != null) {
            market.closeSink();
        }
    }

    private HybridQueryService start(HotSettings hot) {
        service = new HybridQueryService(market.dir, ColdSettings.embedded(market.dir), hot, 2);
        return service;
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    private void awaitHotCaughtUp() {
        long last = market.lastIndex();
        await(() -> service.hotStore().appliedThrough() >= last, "the hot tailer applied the journal to " + last);
    }

    /** Writes, syncs part, writes more (exchange times overlapping the cold part), and starts the service. */
    private void hybridMarket(long seed, HotSettings hot) {
        market = new MarketFixture(root, seed).open();
        market.append(3000, 3 * MarketFixture.DAY_MICROS);
        market.sync();
        market.append(1500, MarketFixture.DAY_MICROS / 2);
        market.sync();
        market.append(1500, MarketFixture.DAY_MICROS / 2);
        start(hot);
        awaitHotCaughtUp();
    }

    // ---- brute force ----

    private static List<TickRow> expected(List<TickRow> journal, boolean trades, TickFilter filter, Direction direction) {
        List<TickRow> rows = new ArrayList<>();
        for (TickRow row : journal) {
            if ((row instanceof TradeRow) == trades && filter.matches(row.venue(), row.symbol(), row.exchangeTimeMicros())) {
                rows.add(row);
            }
        }
        Comparator<TickRow> order = TickRow::compare;
        rows.sort(direction == Direction.NEWEST_FIRST ? order.reversed() : order);
        return rows;
    }

    private static List<Bar> expectedBars(List<TickRow> journal, TickFilter filter, long origin, long width) {
        Map<List<Object>, List<TradeRow>> groups = new LinkedHashMap<>();
        for (TickRow row : expected(journal, true, filter, Direction.OLDEST_FIRST)) {
            long start = origin + Math.floorDiv(row.exchangeTimeMicros() - origin, width) * width;
            groups.computeIfAbsent(List.of(row.venue(), row.symbol(), start), k -> new ArrayList<>()).add((TradeRow) row);
        }
        List<Bar> bars = new ArrayList<>();
        groups.forEach((key, trades) -> {
            long volume = 0;
            BigInteger notional = BigInteger.ZERO;
            long high = Long.MIN_VALUE;
            long low = Long.MAX_VALUE;
            for (TradeRow t : trades) {
                volume = Math.addExact(volume, t.quantity());
                notional = notional.add(BigInteger.valueOf(t.price()).multiply(BigInteger.valueOf(t.quantity())));
                high = Math.max(high, t.price());
                low = Math.min(low, t.price());
            }
            BigDecimal vwap = new BigDecimal(notional, 16).divide(new BigDecimal(BigInteger.valueOf(volume), 8), 8,
                RoundingMode.HALF_EVEN);
            bars.add(new Bar((String) key.get(0), (String) key.get(1), (Long) key.get(2), trades.get(0).price(), high, low,
                trades.get(trades.size() - 1).price(), volume, vwap.unscaledValue().longValueExact(), trades.size()));
        });
        bars.sort(Comparator.comparing(Bar::symbol).thenComparingLong(Bar::startMicros).thenComparing(Bar::venue));
        return bars;
    }

    // ---- reading through the service ----

    private static <R> List<R> drain(ResultStream<R> stream) {
        List<R> rows = new ArrayList<>();
        try (stream) {
            while (stream.poll(1 + rows.size() % 97, rows::add) != ResultStream.END) {
                // keep polling in odd batch sizes
            }
        }
        return rows;
    }

    private record Page<R>(List<R> rows, Cursor next) {
    }

    private static <R> Page<R> page(ResultStream<R> stream) {
        List<R> rows = drain(stream);
        return new Page<>(rows, stream.nextCursor());
    }

    private Page<? extends TickRow> tickPage(boolean trades, TickFilter filter, Direction direction, int limit,
                                            Cursor cursor, AsOf asOf) {
        return trades ? page(service.open(new Query.Trades(filter, direction, limit, cursor, asOf)))
            : page(service.open(new Query.Quotes(filter, direction, limit, cursor, asOf)));
    }

    private List<TickRow> allPages(boolean trades, TickFilter filter, Direction direction, int limit, AsOf asOf) {
        List<TickRow> rows = new ArrayList<>();
        Cursor cursor = null;
        do {
            Page<? extends TickRow> page = tickPage(trades, filter, direction, limit, cursor, asOf);
            assertThat(page.rows().size()).isLessThanOrEqualTo(limit);
            if (page.next() != null) {
                assertThat(page.rows()).hasSize(limit);
            }
            rows.addAll(page.rows());
            cursor = page.next();
        } while (cursor != null);
        return rows;
    }

    private static TickFilter randomFilter(Random random) {
        Set<String> symbols = new HashSet<>();
        for (String[] i : MarketFixture.INSTRUMENTS) {
            if (random.nextInt(3) == 0) {
                symbols.add(i[1]);
            }
        }
        String venue = switch (random.nextInt(3)) {
            case 0 -> "ASX";
            case 1 -> "BINANCE";
            default -> null;
        };
        long span = 4 * MarketFixture.DAY_MICROS;
        long from = random.nextInt(3) == 0 ? TickFilter.MIN_TIME
            : MarketFixture.START_MICROS + random.nextLong(span);
        long to = random.nextInt(3) == 0 ? TickFilter.MAX_TIME
            : Math.max(from, MarketFixture.START_MICROS) + random.nextLong(span);
        return new TickFilter(venue, symbols, from, to);
    }

    /** Equal lists, reporting sizes and the first difference instead of both lists. */
    static <T> void assertSameRows(List<? extends T> actual, List<? extends T> expected, String what) {
        int n = Math.min(actual.size(), expected.size());
        for (int i = 0; i < n; i++) {
            if (!actual.get(i).equals(expected.get(i))) {
                throw new AssertionError(what + ": row " + i + " of " + actual.size() + " (expected " + expected.size()
                    + ") differs:\n  actual   " + actual.get(i) + "\n  expected " + expected.get(i));
            }
        }
        if (actual.size() != expected.size()) {
            throw new AssertionError(what + ": " + actual.size() + " rows, expected " + expected.size() + "; next expected "
                + (expected.size() > n ? expected.get(n) : "none") + ", next actual " + (actual.size() > n ? actual.get(n) : "none"));
        }
    }

    // ---- tests ----

    @Test
    void randomPagedQueriesEqualTheJournalReadByBruteForce() {
        hybridMarket(1, HotSettings.defaults());
        List<TickRow> journal = market.journal(Long.MAX_VALUE);
        Random random = new Random(42);
        long coldStatements = service.coldReader().statements();
        for (int q = 0; q < 60; q++) {
            boolean trades = random.nextBoolean();
            TickFilter filter = randomFilter(random);
            Direction direction = random.nextBoolean() ? Direction.OLDEST_FIRST : Direction.NEWEST_FIRST;
            int limit = 1 + random.nextInt(random.nextBoolean() ? 20 : 2000);
            assertSameRows(allPages(trades, filter, direction, limit, AsOf.LATEST),
                expected(journal, trades, filter, direction),
                "query " + q + ": " + (trades ? "trades " : "quotes ") + filter + " " + direction + " limit " + limit);
        }
        assertThat(service.coldReader().statements()).isGreaterThan(coldStatements);
        assertThat(service.hotReadsFromStore()).isPositive();
        assertThat(service.hotReadsFromJournal()).isZero();
    }

    @Test
    void readingColdFilesInManySmallTimeWindowsWithHashedInstrumentsKeepsEveryPageExact() {
        MergedTicks.windowRows = 97; // a window per file or so: every window boundary and cursor combination
        MergedTicks.namesMinRows = 0; // and rows that carry instrument hashes instead of names
        try {
            randomPagedQueriesEqualTheJournalReadByBruteForce();
        } finally {
            MergedTicks.windowRows = MergedTicks.WINDOW_ROWS;
            MergedTicks.namesMinRows = 10_000;
        }
    }

    @Test
    void everyQueryStraddlesTheWatermarkWithColdAndHotRows() {
        hybridMarket(2, HotSettings.defaults());
        List<TickRow> journal = market.journal(Long.MAX_VALUE);
        Query.Trades all = new Query.Trades(TickFilter.all(), Direction.OLDEST_FIRST, Query.MAX_LIMIT, null, AsOf.LATEST);
        List<TradeRow> rows = drain(service.open(all));
        long watermark = service.coldTables().resolve(ColdTable.TRADES, AsOf.LATEST).watermark();
        assertThat(rows).anyMatch(r -> r.journalIndex() <= watermark).anyMatch(r -> r.journalIndex() > watermark);
        assertThat(rows).isEqualTo(expected(journal, true, TickFilter.all(), Direction.OLDEST_FIRST));
    }

    @Test
    void randomBarsEqualABruteForceAggregationOfTheJournal() {
        hybridMarket(3, HotSettings.defaults());
        List<TickRow> journal = market.journal(Long.MAX_VALUE);
        Random random = new Random(7);
        BarInterval[] intervals = {BarInterval.M1, BarInterval.M15, BarInterval.H1, BarInterval.D1};
        for (int q = 0; q < 12; q++) {
            TickFilter filter = randomFilter(random);
            BarInterval interval = intervals[random.nextInt(intervals.length)];
            int limit = 1 + random.nextInt(300);
            List<Bar> bars = new ArrayList<>();
            Cursor cursor = null;
            do {
                Page<Bar> page = page(service.open(new Query.Bars(filter, interval, limit, cursor, AsOf.LATEST)));
                bars.addAll(page.rows());
                cursor = page.next();
            } while (cursor != null);
            assertSameRows(bars, expectedBars(journal, filter, 0, interval.micros()), "bars " + filter + " " + interval);
        }
    }

    @Test
    void summaryOfAnAsxDayUsesSydneyMidnights() {
        hybridMarket(4, HotSettings.defaults());
        List<TickRow> journal = market.journal(Long.MAX_VALUE);
        java.time.LocalDate day = java.time.LocalDate.of(2024, 3, 5);
        long from = day.atStartOfDay(java.time.ZoneId.of("Australia/Sydney")).toEpochSecond() * 1_000_000L;
        long to = day.plusDays(1).atStartOfDay(java.time.ZoneId.of("Australia/Sydney")).toEpochSecond() * 1_000_000L;
        List<Bar> summary = drain(service.open(new Query.Summary("ASX", "BHP", day, null, AsOf.LATEST)));
        List<Bar> expected = expectedBars(journal, new TickFilter("ASX", Set.of("BHP"), from, to), from, to - from);
        assertThat(expected).hasSize(1);
        assertThat(summary).isEqualTo(expected);
    }

    @Test
    void aCursorKeepsItsViewWhenNewTicksAndACommitArriveBetweenPages() {
        hybridMarket(5, HotSettings.defaults());
        List<TickRow> before = market.journal(Long.MAX_VALUE);
        TickFilter filter = new TickFilter(null, Set.of("BHP", "BTCUSDT"), TickFilter.MIN_TIME, TickFilter.MAX_TIME);
        for (Direction direction : Direction.values()) {
            Page<? extends TickRow> first = tickPage(true, filter, direction, 100, null, AsOf.LATEST);
            List<TickRow> rows = new ArrayList<>(first.rows());
            market.append(500, MarketFixture.DAY_MICROS);
            market.sync();
            awaitHotCaughtUp();
            Cursor cursor = first.next();
            while (cursor != null) {
                Page<? extends TickRow> page = tickPage(true, filter, direction, 100, cursor, AsOf.LATEST);
                rows.addAll(page.rows());
                cursor = page.next();
            }
            assertSameRows(rows, expected(before, true, filter, direction), direction.toString());
            before = market.journal(Long.MAX_VALUE);
        }
        assertThat(allPages(true, filter, Direction.OLDEST_FIRST, 1000, AsOf.LATEST))
            .isEqualTo(expected(before, true, filter, Direction.OLDEST_FIRST));
    }

    @Test
    void asOfAnOlderSnapshotReturnsExactlyItsContentAndAnUnknownOneIsNotFound() {
        market = new MarketFixture(root, 6).open();
        market.append(2000, 2 * MarketFixture.DAY_MICROS);
        market.sync();
        List<TickRow> older = market.journal(Long.MAX_VALUE);
        market.append(1000, MarketFixture.DAY_MICROS);
        market.sync();
        market.append(500, MarketFixture.DAY_MICROS);
        start(HotSettings.defaults());
        awaitHotCaughtUp();
        List<dev.k2.query.api.SnapshotRow> snapshots = drain(service.open(new Query.Snapshots(100)));
        long oldestTrades = snapshots.stream().filter(s -> s.table().equals("trades"))
            .min(Comparator.comparingLong(dev.k2.query.api.SnapshotRow::watermark)).orElseThrow().snapshotId();
        long oldestQuotes = snapshots.stream().filter(s -> s.table().equals("quotes"))
            .min(Comparator.comparingLong(dev.k2.query.api.SnapshotRow::watermark)).orElseThrow().snapshotId();
        TickFilter all = TickFilter.all();
        assertThat(allPages(true, all, Direction.OLDEST_FIRST, 700, new AsOf.Snapshot(oldestTrades)))
            .isEqualTo(expected(older, true, all, Direction.OLDEST_FIRST));
        assertThat(allPages(false, all, Direction.NEWEST_FIRST, 700, new AsOf.Snapshot(oldestQuotes)))
            .isEqualTo(expected(older, false, all, Direction.NEWEST_FIRST));
        assertThatThrownBy(() -> service.open(new Query.Trades(all, Direction.OLDEST_FIRST, 10, null,
            new AsOf.Snapshot(123456789L))))
            .isInstanceOf(QueryException.class)
            .satisfies(e -> assertThat(((QueryException) e).code()).isEqualTo(ErrorCode.NOT_FOUND))
            .hasMessageContaining("123456789");
        assertThatThrownBy(() -> service.open(new Query.Trades(all, Direction.OLDEST_FIRST, 10, null,
            new AsOf.Timestamp(0))))
            .satisfies(e -> assertThat(((QueryException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void aOneSymbolOneDayQueryPlansOnlyTheFilesThatCanMatch() {
        hybridMarket(7, HotSettings.defaults());
        long day = MarketFixture.START_MICROS + MarketFixture.DAY_MICROS;
        TickFilter filter = new TickFilter("ASX", Set.of("BHP"), day, day + MarketFixture.DAY_MICROS);
        ColdScan scan = service.coldTables().plan(service.coldTables().resolve(ColdTable.TRADES, AsOf.LATEST), filter);
        assertThat(scan.files()).isNotEmpty();
        assertThat((long) scan.files().size()).isLessThan(scan.totalFiles());
        assertThat(drain(service.open(new Query.Trades(filter, Direction.OLDEST_FIRST, 100_000, null, AsOf.LATEST))))
            .isEqualTo(expected(market.journal(Long.MAX_VALUE), true, filter, Direction.OLDEST_FIRST));
    }

    @Test
    void lastTradesAndLatestQuoteAreAnsweredFromMemoryWithoutDuckDb() {
        hybridMarket(8, HotSettings.defaults());
        List<TickRow> journal = market.journal(Long.MAX_VALUE);
        long statements = service.coldReader().statements();
        List<TradeRow> last = drain(service.open(new Query.LastTrades("ASX", "BHP", 25)));
        List<QuoteRow> quotes = drain(service.open(new Query.LatestQuote(null, Set.of())));
        assertThat(service.coldReader().statements()).isEqualTo(statements);
        assertThat(last).isEqualTo(expected(journal, true, TickFilter.symbol("ASX", "BHP"), Direction.NEWEST_FIRST)
            .subList(0, 25));
        List<QuoteRow> expectedQuotes = new ArrayList<>();
        for (String[] i : MarketFixture.INSTRUMENTS) {
            List<TickRow> newest = expected(journal, false, TickFilter.symbol(i[0], i[1]), Direction.NEWEST_FIRST);
            expectedQuotes.add((QuoteRow) newest.get(0));
        }
        expectedQuotes.sort(Comparator.comparing(QuoteRow::symbol).thenComparing(QuoteRow::venue));
        assertThat(quotes).isEqualTo(expectedQuotes);
        assertThatThrownBy(() -> service.open(new Query.LastTrades("ASX", "NOPE", 1)))
            .satisfies(e -> assertThat(((QueryException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));

        // the same answers without blocking, as a server's I/O thread asks for them
        assertThat(drain(service.openFromMemory(new Query.LastTrades("ASX", "BHP", 25)))).isEqualTo(last);
        List<TradeRow> fields = new ArrayList<>();
        assertThat(service.lastTradesFromMemory(new Query.LastTrades("ASX", "BHP", 25), (venue, symbol, channel, time,
            receive, seq, tradeId, side, price, quantity, conditions, index, record) -> fields.add(new TradeRow(venue,
            symbol, channel, time, receive, seq, tradeId, side, price, quantity, conditions, index, record))))
            .isEqualTo(25);
        assertThat(fields).as("field by field, as the server encodes them").isEqualTo(last);
        assertThat(service.lastTradesFromMemory(new Query.LastTrades("ASX", "NOPE", 1), (v, s, c, t, r, q, i, d, p, n,
            k, x, y) -> fields.add(null))).as("unknown: not answered this way").isEqualTo(-1);
        assertThat(service.lastTradesFromMemory(new Query.LastTrades(null, "BHP", 1), (v, s, c, t, r, q, i, d, p, n,
            k, x, y) -> fields.add(null))).as("BHP at two venues: merged through openFromMemory").isEqualTo(-1);
        assertThat(fields).hasSize(25);
        List<TradeRow> rio = new ArrayList<>();
        assertThat(service.lastTradesFromMemory(new Query.LastTrades(null, "RIO", 10), (venue, symbol, channel, time,
            receive, seq, tradeId, side, price, quantity, conditions, index, record) -> rio.add(new TradeRow(venue,
            symbol, channel, time, receive, seq, tradeId, side, price, quantity, conditions, index, record))))
            .as("no venue, one instrument of that name: field by field too").isEqualTo(10);
        assertThat(rio).isEqualTo(drain(service.open(new Query.LastTrades("ASX", "RIO", 10))))
            .isEqualTo(drain(service.open(new Query.LastTrades(null, "RIO", 10))));
        assertThat(drain(service.openFromMemory(new Query.LatestQuote(null, Set.of())))).isEqualTo(expectedQuotes);
        assertThat(drain(service.openFromMemory(new Query.LatestQuote("ASX", Set.of("BHP", "RIO")))))
            .isEqualTo(drain(service.open(new Query.LatestQuote("ASX", Set.of("BHP", "RIO"))))).hasSize(2);
        assertThat(service.openFromMemory(new Query.LastTrades("ASX", "NOPE", 1)))
            .as("an unknown name may need the directory file: not a memory answer").isNull();
        assertThat(service.openFromMemory(new Query.LatestQuote("ASX", Set.of("BHP", "NOPE")))).isNull();
        assertThat(service.openFromMemory(new Query.Trades(TickFilter.all(), Direction.OLDEST_FIRST, 10, null,
            AsOf.LATEST))).as("tick scans read the cold tier").isNull();
        assertThat(service.coldReader().statements()).isEqualTo(statements);
    }

    @Test
    void aHotStoreThatEvictedFallsBackToTheJournalAndStaysExact() {
        hybridMarket(9, new HotSettings(16, 4, 64, 1, 1));
        List<TickRow> journal = market.journal(Long.MAX_VALUE);
        Random random = new Random(9);
        for (int q = 0; q < 20; q++) {
            boolean trades = random.nextBoolean();
            TickFilter filter = randomFilter(random);
            Direction direction = random.nextBoolean() ? Direction.OLDEST_FIRST : Direction.NEWEST_FIRST;
            int limit = 1 + random.nextInt(500);
            assertSameRows(allPages(trades, filter, direction, limit, AsOf.LATEST),
                expected(journal, trades, filter, direction), "query " + q + ": " + filter + " " + direction + " " + limit);
        }
        assertThat(service.hotReadsFromJournal()).isPositive();
        ResultStream<TradeRow> fromTheTiers = service.open(new Query.LastTrades("BINANCE", "ETHUSDT", 40));
        List<TradeRow> last = new ArrayList<>();
        while (fromTheTiers.poll(7, last::add) != ResultStream.END) {
            // drain
        }
        assertThat(fromTheTiers.nextCursor()).as("a last N is whole, as from memory: no next page").isNull();
        fromTheTiers.close();
        assertThat(last).isEqualTo(expected(journal, true, TickFilter.symbol("BINANCE", "ETHUSDT"),
            Direction.NEWEST_FIRST).subList(0, 40));
        assertThat(service.openFromMemory(new Query.LastTrades("BINANCE", "ETHUSDT", 40)))
            .as("more than the evicted ring holds: not a memory answer").isNull();
        assertThat(service.lastTradesFromMemory(new Query.LastTrades("BINANCE", "ETHUSDT", 40), (v, s, c, t, r, q, i, d,
            p, n, k, x, y) -> {
                throw new AssertionError("nothing is written when the ring cannot prove the answer");
            })).isEqualTo(-1);
        assertThat(drain(service.open(new Query.Bars(TickFilter.all(), BarInterval.H1, 10_000, null, AsOf.LATEST))))
            .isEqualTo(expectedBars(journal, TickFilter.all(), 0, BarInterval.H1.micros()));
    }

    @Test
    void statsSymbolsAndSnapshotsDescribeTheView() {
        hybridMarket(10, HotSettings.defaults());
        List<TickRow> journal = market.journal(Long.MAX_VALUE);
        List<dev.k2.query.api.StatsRow> stats = drain(service.open(new Query.Stats()));
        assertThat(stats).extracting(dev.k2.query.api.StatsRow::table).containsExactly("trades", "quotes");
        for (dev.k2.query.api.StatsRow row : stats) {
            boolean trades = row.table().equals("trades");
            long total = journal.stream().filter(r -> (r instanceof TradeRow) == trades).count();
            long hot = journal.stream().filter(r -> (r instanceof TradeRow) == trades && r.journalIndex() > row.watermark())
                .count();
            assertThat(row.coldRows() + row.hotRows()).isEqualTo(total);
            assertThat(row.hotRows()).isEqualTo(hot).isPositive();
            assertThat(row.journalEnd()).isEqualTo(market.lastIndex());
        }
        assertThat(drain(service.open(new Query.Symbols("ASX")))).extracting(dev.k2.query.api.SymbolRow::symbol)
            .containsExactly("BHP", "RIO");
        List<dev.k2.query.api.SnapshotRow> snapshots = drain(service.open(new Query.Snapshots(3)));
        assertThat(snapshots).hasSize(3);
        assertThat(snapshots.get(0).watermark()).isEqualTo(stats.get(0).watermark());
        assertThat(snapshots).isSortedAccordingTo(
            Comparator.comparingLong(dev.k2.query.api.SnapshotRow::committedAtMicros).reversed());
    }

    @Test
    void aMissingDataDirectoryOrJournalIsAClearError() {
        assertThatThrownBy(() -> HybridQueryService.open(new dev.k2.persistence.DataDirectory(root.resolve("none"))))
            .satisfies(e -> assertThat(((QueryException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE))
            .hasMessageContaining("no data directory");
        assertThatThrownBy(() -> HybridQueryService.open(new dev.k2.persistence.DataDirectory(root)))
            .satisfies(e -> assertThat(((QueryException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE))
            .hasMessageContaining("no journal");
    }
}
