package dev.k2.tools.cli;

import static dev.k2.tools.CommandLineRun.k2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.feeds.support.SharedData;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.journal.JournalReader;
import dev.k2.query.api.AsOf;
import dev.k2.query.api.Bar;
import dev.k2.query.api.BarInterval;
import dev.k2.query.api.Query;
import dev.k2.query.api.ResultStream;
import dev.k2.query.api.StatsRow;
import dev.k2.query.api.TickFilter;
import dev.k2.query.engine.HybridQueryService;
import dev.k2.tools.CommandLineRun;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5: bars and daily summaries the in-process engine computes over the real ASX sample, with
 * data in both tiers, equal a computation made straight from the source CSV files with nothing of
 * K2's feed code: own parsing, {@code java.time} for Sydney to UTC, {@link BigDecimal} arithmetic.
 *
 * <p>The data straddles the tiers: BHP's first three trading days (10-12 March 2014, cut from
 * {@code 7078.csv}) and DVN ({@code 7181.csv}) are ingested and synced to Iceberg in small batches;
 * then the whole of {@code 7078.csv} (its first three days are duplicates by K2's natural key, the
 * last two are new) and RIO ({@code 7458.csv}) are ingested and stay in the journal (hot). A UTC
 * 1d bar of BHP then holds a cold Sydney afternoon and a hot next morning.
 */
@Timeout(300)
class AsxBarsMatchSourceTest {
    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
    private static final String VENUE = "ASX";
    private static final int MAX = 1_000_000;

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    // ---- the independent reference: source rows -> accepted trades -> bars ----

    /** One trade as the source file says it, with its place in ingest order (which breaks equal times). */
    record Trade(String symbol, LocalDate day, long utcMicros, BigDecimal price, BigDecimal quantity, long order) {
    }

    /** Expected bar in exact decimals (converted to K2's 1e-8 scaled longs only for the comparison). */
    record RefBar(String symbol, long start, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
                  BigDecimal volume, BigDecimal vwap, long trades) {
        Bar toScaled() {
            return new Bar(VENUE, symbol, start, scaled(open), scaled(high), scaled(low), scaled(close), scaled(volume),
                scaled(vwap), trades);
        }
    }

    /** What an ingest of one file should do under K2's documented identity rules. */
    record FileOutcome(long read, long accepted, long duplicates) {
    }

    /**
     * The reference ingest. K2's documented identity of an ASX row (README "Decisions", AsxFileFeed):
     * natural key = (symbol, kind, Sydney trading day, ordinal of the row within that day in file order);
     * a key seen before is a duplicate; identical-looking rows are separate fills. A row whose date is
     * readable takes an ordinal even if it is rejected; rejected rows (wrong field count, bad time,
     * negative or non-numeric price/volume) never become trades. The sample has none, which the
     * ingest counts confirm.
     */
    static final class Reference {
        final List<Trade> trades = new ArrayList<>();
        private final Set<String> keys = new HashSet<>();
        private long order;

        FileOutcome ingest(Path file, String symbol) throws IOException {
            long read = 0;
            long accepted = 0;
            long duplicates = 0;
            Map<LocalDate, Integer> ordinals = new TreeMap<>();
            for (String line : lines(file)) {
                read++;
                String[] f = line.split(",", -1);
                LocalDate day = date(f[0]);
                if (day == null) {
                    continue; // no ordinal, no trade
                }
                int ordinal = ordinals.merge(day, 1, Integer::sum) - 1;
                Trade t = parse(symbol, day, f);
                if (t == null) {
                    continue; // dead letter: holds its ordinal, is no trade
                }
                if (!keys.add(symbol + "|" + day + "|" + ordinal)) {
                    duplicates++;
                    continue;
                }
                accepted++;
                trades.add(t);
            }
            return new FileOutcome(read, accepted, duplicates);
        }

        private Trade parse(String symbol, LocalDate day, String[] f) {
            if (f.length != 7) {
                return null;
            }
            try {
                LocalTime time = LocalTime.parse(f[1]);
                BigDecimal price = new BigDecimal(f[2]);
                BigDecimal quantity = new BigDecimal(f[3]);
                if (price.signum() < 0 || quantity.signum() < 0 || quantity.stripTrailingZeros().scale() > 0
                    || price.stripTrailingZeros().scale() > 8) {
                    return null;
                }
                Instant utc = LocalDateTime.of(day, time).atZone(SYDNEY).toInstant();
                long micros = utc.getEpochSecond() * 1_000_000L + utc.getNano() / 1_000;
                return new Trade(symbol, day, micros, price, quantity, order++);
            } catch (RuntimeException e) {
                return null;
            }
        }

        private static LocalDate date(String field) {
            String[] p = field.split("/");
            if (p.length != 3) {
                return null;
            }
            try {
                return LocalDate.of(Integer.parseInt(p[2]), Integer.parseInt(p[0]), Integer.parseInt(p[1]));
            } catch (RuntimeException e) {
                return null;
            }
        }

        /** Bars of the trades matching {@code which}, buckets {@code origin + k * width}, by (symbol, start). */
        List<RefBar> bars(Predicate<Trade> which, long origin, long width) {
            Map<String, List<Trade>> buckets = new TreeMap<>();
            Map<String, long[]> keyOf = new LinkedHashMap<>();
            for (Trade t : trades) {
                if (!which.test(t)) {
                    continue;
                }
                long start = origin + Math.floorDiv(t.utcMicros() - origin, width) * width;
                // symbol then start: starts are positive here, so a zero-padded number sorts as the value
                String key = t.symbol() + "|" + String.format("%020d", start);
                buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
                keyOf.putIfAbsent(key, new long[] {start});
            }
            List<RefBar> bars = new ArrayList<>();
            for (Map.Entry<String, List<Trade>> e : buckets.entrySet()) {
                List<Trade> in = new ArrayList<>(e.getValue());
                in.sort(Comparator.comparingLong(Trade::utcMicros).thenComparingLong(Trade::order));
                BigDecimal high = in.get(0).price();
                BigDecimal low = in.get(0).price();
                BigDecimal volume = BigDecimal.ZERO;
                BigDecimal notional = BigDecimal.ZERO;
                for (Trade t : in) {
                    high = high.max(t.price());
                    low = low.min(t.price());
                    volume = volume.add(t.quantity());
                    notional = notional.add(t.price().multiply(t.quantity()));
                }
                BigDecimal vwap = volume.signum() == 0 ? BigDecimal.ZERO
                    : notional.divide(volume, 8, RoundingMode.HALF_EVEN);
                bars.add(new RefBar(in.get(0).symbol(), keyOf.get(e.getKey())[0], in.get(0).price(), high, low,
                    in.get(in.size() - 1).price(), volume, vwap, in.size()));
            }
            return bars;
        }

        Set<String> symbols() {
            Set<String> s = new TreeSet<>();
            trades.forEach(t -> s.add(t.symbol()));
            return s;
        }

        Set<LocalDate> days(String symbol) {
            Set<LocalDate> s = new TreeSet<>();
            trades.stream().filter(t -> t.symbol().equals(symbol)).forEach(t -> s.add(t.day()));
            return s;
        }

        long count(String symbol) {
            return trades.stream().filter(t -> t.symbol().equals(symbol)).count();
        }
    }

    /** The file's non-blank lines, line ends (CRLF here) removed. */
    private static List<String> lines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (!l.isBlank()) {
                out.add(l);
            }
        }
        return out;
    }

    private static long scaled(BigDecimal value) {
        return value.setScale(8, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    }

    private static long micros(LocalDate day) {
        return day.atStartOfDay(SYDNEY).toInstant().getEpochSecond() * 1_000_000L;
    }

    // ---- K2 ----

    private CommandLineRun run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        CommandLineRun result = k2(all);
        assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err() + result.out()).isZero();
        return result;
    }

    /** Ingests one file through the command line and the reference alike; their counts must agree. */
    private void ingest(Reference reference, Path file, String symbol) throws IOException {
        FileOutcome expected = reference.ingest(file, symbol);
        CommandLineRun k2 = run("ingest", "--format", "asx-trades", "--symbol", symbol, "--json", file.toString());
        String what = "ingest of " + file.getFileName() + " as " + symbol + ": " + k2.out();
        assertThat(k2.number("read")).as(what).isEqualTo(expected.read());
        assertThat(k2.number("accepted")).as(what).isEqualTo(expected.accepted());
        assertThat(k2.number("duplicates")).as(what).isEqualTo(expected.duplicates());
        assertThat(k2.number("deadLetters")).as(what).isZero();
        assertThat(k2.number("gaps")).as(what).isZero();
    }

    private static <R> List<R> drain(ResultStream<R> stream) {
        List<R> rows = new ArrayList<>();
        try (stream) {
            while (stream.poll(4096, rows::add) != ResultStream.END) {
                // poll until the end
            }
            assertThat(stream.nextCursor()).as("the limit did not cut the result").isNull();
        }
        return rows;
    }

    private static void assertSameBars(String what, List<Bar> actual, List<RefBar> expected) {
        assertThat(expected).as(what + ": the reference has bars").isNotEmpty();
        List<Bar> scaled = expected.stream().map(RefBar::toScaled).toList();
        int n = Math.min(actual.size(), scaled.size());
        for (int i = 0; i < n; i++) {
            if (!actual.get(i).equals(scaled.get(i))) {
                throw new AssertionError(what + ": bar " + i + " of " + scaled.size() + " differs"
                    + "\n  K2:        " + actual.get(i)
                    + "\n  reference: " + scaled.get(i)
                    + "\n  exact:     " + expected.get(i));
            }
        }
        assertThat(actual).as(what + ": number of bars").hasSize(scaled.size());
    }

    @Test
    void barsAndSummariesOverBothTiersEqualTheSourceFiles() throws IOException {
        Path bhp = SharedData.asx("trades/7078.csv");
        Path dvn = SharedData.asx("trades/7181.csv");
        Path rio = SharedData.asx("trades/7458.csv");
        Set<String> firstDays = Set.of("03/10/2014", "03/11/2014", "03/12/2014");
        Path bhpFirstDays = work.resolve("bhp-10-12-march.csv");
        StringBuilder cut = new StringBuilder();
        for (String line : lines(bhp)) {
            if (firstDays.contains(line.substring(0, line.indexOf(',')))) {
                cut.append(line).append("\r\n");
            }
        }
        Files.writeString(bhpFirstDays, cut, StandardCharsets.US_ASCII);

        Reference reference = new Reference();
        ingest(reference, bhpFirstDays, "BHP");
        ingest(reference, dvn, "DVN");
        long coldTrades = reference.trades.size();
        CommandLineRun sync = run("cold", "sync", "--json", "--set", "cold.batchRows=5000");
        assertThat(sync.number("tradeRows")).isEqualTo(coldTrades);
        assertThat(sync.number("batches")).isGreaterThan(1);
        ingest(reference, bhp, "BHP"); // 10-12 March: duplicates of the cold rows; 13-14 March: new, hot
        ingest(reference, rio, "RIO");
        long hotTrades = reference.trades.size() - coldTrades;

        // the sample's documented row counts: every row of each file is one trade
        assertThat(reference.count("BHP")).isEqualTo(91_631);
        assertThat(reference.count("RIO")).isEqualTo(108_671);
        assertThat(reference.count("DVN")).isEqualTo(232);
        assertThat(reference.days("BHP")).containsExactly(LocalDate.of(2014, 3, 10), LocalDate.of(2014, 3, 11),
            LocalDate.of(2014, 3, 12), LocalDate.of(2014, 3, 13), LocalDate.of(2014, 3, 14));

        long lastIndex;
        try (JournalReader reader = new JournalReader(new DataDirectory(dataDir).journal(), new InstrumentRegistry())) {
            lastIndex = reader.lastIndex();
        }
        try (HybridQueryService service = HybridQueryService.open(new DataDirectory(dataDir))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (service.hotStore().appliedThrough() < lastIndex) {
                assertThat(System.nanoTime()).as("the hot tailer reaches the journal end").isLessThan(deadline);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            StatsRow trades = drain(service.open(new Query.Stats())).stream()
                .filter(r -> r.table().endsWith("trades")).findFirst().orElseThrow();
            assertThat(trades.coldRows()).as("cold trades").isEqualTo(coldTrades);
            assertThat(trades.hotRows()).as("hot trades").isEqualTo(hotTrades);

            // every symbol, all time: 1m, 1h and 1d bars (1d buckets are UTC days: 11:00 to 11:00 in Sydney)
            for (BarInterval interval : List.of(BarInterval.M1, BarInterval.H1, BarInterval.D1)) {
                List<Bar> k2 = drain(service.open(new Query.Bars(TickFilter.all(), interval, MAX, null, AsOf.LATEST)));
                assertSameBars("all symbols " + interval.label(), k2, reference.bars(t -> true, 0, interval.micros()));
            }

            // one symbol, one Sydney trading day: a cold day and a hot day of BHP, a hot day of RIO
            for (String symbolDay : List.of("BHP 2014-03-11", "BHP 2014-03-13", "RIO 2014-03-12", "DVN 2014-03-14")) {
                String symbol = symbolDay.substring(0, 3);
                LocalDate day = LocalDate.parse(symbolDay.substring(4));
                long from = micros(day);
                long to = micros(day.plusDays(1));
                TickFilter filter = new TickFilter(VENUE, Set.of(symbol), from, to);
                for (BarInterval interval : List.of(BarInterval.M1, BarInterval.H1, BarInterval.D1)) {
                    List<Bar> k2 = drain(service.open(new Query.Bars(filter, interval, MAX, null, AsOf.LATEST)));
                    assertSameBars(symbolDay + " " + interval.label(), k2, reference.bars(
                        t -> t.symbol().equals(symbol) && t.utcMicros() >= from && t.utcMicros() < to, 0,
                        interval.micros()));
                }
            }

            // daily summaries, Sydney midnight to midnight, for every trading day of every symbol
            for (String symbol : reference.symbols()) {
                for (LocalDate day : reference.days(symbol)) {
                    long from = micros(day);
                    long to = micros(day.plusDays(1));
                    List<RefBar> expected = reference.bars(
                        t -> t.symbol().equals(symbol) && t.utcMicros() >= from && t.utcMicros() < to, from, to - from);
                    assertThat(expected).hasSize(1);
                    assertThat(expected.get(0).trades()).as("the Sydney day is the file's date")
                        .isEqualTo(reference.trades.stream().filter(t -> t.symbol().equals(symbol) && t.day().equals(day))
                            .count());
                    for (String venue : new String[] {VENUE, null}) {
                        List<Bar> k2 = drain(service.open(new Query.Summary(venue, symbol, day, null, AsOf.LATEST)));
                        assertSameBars(symbol + " summary " + day + " venue " + venue, k2, expected);
                    }
                    List<Bar> zoned = drain(service.open(new Query.Summary(VENUE, symbol, day, SYDNEY, AsOf.LATEST)));
                    assertSameBars(symbol + " summary " + day + " zone " + SYDNEY, zoned, expected);
                }
                // a weekend day has no trades and no summary
                assertThat(drain(service.open(new Query.Summary(VENUE, symbol, LocalDate.of(2014, 3, 15), null,
                    AsOf.LATEST)))).as(symbol + " on Saturday 15 March").isEmpty();
            }
            // both tiers answered: DuckDB over the Iceberg files, and the journal after the watermark
            assertThat(service.coldReader().statements()).as("cold statements").isPositive();
            assertThat(service.coldReader().failures()).as("cold failures").isZero();
            assertThat(service.hotReadsFromStore() + service.hotReadsFromJournal()).as("hot reads").isPositive();
        }
    }

    @Test
    void referenceBarsFollowTheDocumentedRulesOnAHandMadeFile() throws IOException {
        // ties in time: open/close are first/last in file order; vwap half-even to 8 places; AEDT is UTC+11
        Path file = work.resolve("9999.csv");
        Files.writeString(file, String.join("\r\n",
            "03/10/2014,10:00:00.000,1.005,3,0,,",
            "03/10/2014,10:00:00.000,1.001,1,0,,",
            "03/10/2014,10:00:59.999,1.003,3,0,,",
            "03/10/2014,10:01:00.000,2,1,0,,",
            "03/11/2014,10:00:00.000,1,1,0,,") + "\r\n");
        Reference reference = new Reference();
        assertThat(reference.ingest(file, "T")).isEqualTo(new FileOutcome(5, 5, 0));
        assertThat(reference.ingest(file, "T")).isEqualTo(new FileOutcome(5, 0, 5));
        long tenAm = LocalDateTime.parse("2014-03-09T23:00:00").atZone(ZoneId.of("UTC")).toEpochSecond() * 1_000_000L;
        List<RefBar> minutes = reference.bars(t -> true, 0, BarInterval.M1.micros());
        assertThat(minutes).hasSize(3);
        RefBar first = minutes.get(0);
        assertThat(first.start()).isEqualTo(tenAm);
        assertThat(first.toScaled()).isEqualTo(new Bar(VENUE, "T", tenAm, 100_500_000, 100_500_000, 100_100_000,
            100_300_000, 700_000_000, 100_357_143, 3)); // 7.025 / 7 = 1.003571428...
        assertThat(Objects.requireNonNull(minutes.get(1)).toScaled().open()).isEqualTo(200_000_000);
    }
}
