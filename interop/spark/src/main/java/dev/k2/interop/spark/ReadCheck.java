package dev.k2.interop.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Opens K2's cold tables with another engine through the catalog properties that {@code k2 cold
 * catalog} prints, runs a few reads and compares them with what K2 itself reports. Depends on
 * nothing from K2: it reads K2's outputs as files. Engines: Spark with Iceberg's Spark runtime (in
 * this JVM), or a running Trino server (its Iceberg connector, through JDBC).
 *
 * <pre>
 * ReadCheck --catalog FILE            the first block of `k2 cold catalog` (key=value lines)
 *                [--engine spark|trino]  default spark
 *                [--trino-url URL]    with trino: jdbc:trino://127.0.0.1:18080/k2/k2 (catalog k2 on the server)
 *                [--stats FILE]       `k2 cold stats --json`: table row counts and the watermark
 *                [--verify FILE]      `k2 verify --json`: trades and quotes per symbol
 *                [--journal-csv FILE] `k2 replay --sink csv:FILE`: per-symbol sum(price*quantity), one-day filter
 *                [--symbol S] [--day YYYY-MM-DD]   the one-symbol one-day filter (default: busiest symbol, its 2nd day)
 * </pre>
 * Exit status 0 when every comparison matched, 1 when one did not, 2 on a usage or setup error.
 */
public final class ReadCheck {
    private static final String CATALOG = "k2";
    private static final String TRADES = "k2.k2.trades";
    private static final String QUOTES = "k2.k2.quotes";
    private static final String GAPS = "k2.k2.gaps";

    private final List<String> mismatches = new ArrayList<>();
    private int checks;
    private Engine engine;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                System.err.println("usage: ReadCheck --catalog FILE [--engine spark|trino] [--trino-url URL]"
                    + " [--stats FILE] [--verify FILE] [--journal-csv FILE] [--symbol S] [--day YYYY-MM-DD]");
                System.exit(2);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        if (!opts.containsKey("catalog")) {
            System.err.println("ReadCheck: --catalog FILE is required (the output of `k2 cold catalog`)");
            System.exit(2);
        }
        System.exit(new ReadCheck().run(opts));
    }

    private int run(Map<String, String> opts) throws IOException {
        Map<String, String> catalog = catalogProperties(Path.of(opts.get("catalog")));
        ObjectMapper json = new ObjectMapper();
        JsonNode stats = opts.containsKey("stats") ? json.readTree(Path.of(opts.get("stats")).toFile()) : null;
        JsonNode verify = opts.containsKey("verify") ? json.readTree(Path.of(opts.get("verify")).toFile()) : null;
        Journal journal = opts.containsKey("journal-csv") ? Journal.read(Path.of(opts.get("journal-csv"))) : null;

        String engineName = opts.getOrDefault("engine", "spark");
        long started = System.nanoTime();
        try (Engine engine = switch (engineName) {
            case "spark" -> new SparkEngine(CATALOG, catalog);
            case "trino" -> new TrinoEngine(opts.getOrDefault("trino-url", "jdbc:trino://127.0.0.1:18080/k2/k2"));
            default -> throw new IllegalArgumentException("--engine " + engineName + ": use spark or trino");
        }) {
            this.engine = engine;
            check(stats, verify, journal, opts);
        }
        String label = engineName.toUpperCase(java.util.Locale.ROOT);
        System.out.printf("%n%d checks, %d mismatches, %.1f s in all%n", checks, mismatches.size(),
            (System.nanoTime() - started) / 1e9);
        mismatches.forEach(m -> System.out.println("MISMATCH " + m));
        System.out.println(mismatches.isEmpty() ? label + " READ CHECK: OK" : label + " READ CHECK: FAILED");
        return mismatches.isEmpty() ? 0 : 1;
    }

    /** One row of one value: a count or a sum. */
    private Object[] first(String sql) {
        List<Object[]> rows = engine.rows(sql);
        if (rows.isEmpty()) {
            throw new IllegalStateException(engine.name() + " returned no row for: " + sql);
        }
        return rows.get(0);
    }

    private long count(String sql) {
        return ((Number) first(sql)[0]).longValue();
    }

    private void check(JsonNode stats, JsonNode verify, Journal journal, Map<String, String> opts) {
        // 1. row counts
        System.out.println("\n== row counts");
        long t = System.nanoTime();
        long trades = count("SELECT count(*) FROM " + TRADES);
        long quotes = count("SELECT count(*) FROM " + QUOTES);
        long gaps = count("SELECT count(*) FROM " + GAPS);
        System.out.printf("%s %,d  %s %,d  %s %,d  (%d ms)%n", TRADES, trades, QUOTES, quotes, GAPS, gaps, ms(t));
        if (stats != null) {
            expect("trades rows vs k2 cold stats", stats.path("trades").path("rows").asLong(-1), trades);
            expect("quotes rows vs k2 cold stats", stats.path("quotes").path("rows").asLong(-1), quotes);
            expect("gaps rows vs k2 cold stats", stats.path("gaps").path("rows").asLong(-1), gaps);
        }
        if (journal != null) {
            expect("trades rows vs journal", journal.trades(), trades);
            expect("quotes rows vs journal", journal.quotes(), quotes);
        }

        // 2. per symbol: counts and notional
        System.out.println("\n== per symbol: trades, sum(price*quantity), quotes");
        t = System.nanoTime();
        Map<String, Object[]> bySymbol = new TreeMap<>();
        for (Object[] r : engine.rows("SELECT symbol, count(*), sum(price * quantity) FROM " + TRADES
                + " GROUP BY symbol")) {
            bySymbol.put((String) r[0], r);
        }
        Map<String, Long> quotesBySymbol = new TreeMap<>();
        for (Object[] r : engine.rows("SELECT symbol, count(*) FROM " + QUOTES + " GROUP BY symbol")) {
            quotesBySymbol.put((String) r[0], ((Number) r[1]).longValue());
        }
        long perSymbolMs = ms(t);
        for (Map.Entry<String, Object[]> e : bySymbol.entrySet()) {
            String symbol = e.getKey();
            long count = ((Number) e.getValue()[1]).longValue();
            BigDecimal notional = (BigDecimal) e.getValue()[2];
            System.out.printf("%-8s %,10d  %28s  %,10d%n", symbol, count, notional.stripTrailingZeros().toPlainString(),
                quotesBySymbol.getOrDefault(symbol, 0L));
            if (verify != null) {
                JsonNode instrument = verify.path("instruments").path(symbol);
                expect(symbol + " trades vs k2 verify", instrument.path("trades").asLong(-1), count);
                expect(symbol + " quotes vs k2 verify", instrument.path("quotes").asLong(-1),
                    quotesBySymbol.getOrDefault(symbol, 0L));
            }
            if (journal != null) {
                Journal.Sum sum = journal.bySymbol.get(symbol);
                expect(symbol + " trades vs journal", sum == null ? -1 : sum.count, count);
                expect(symbol + " sum(price*quantity) vs journal", sum == null ? null : sum.notional, notional);
            }
        }
        if (verify != null) {
            verify.path("instruments").fieldNames().forEachRemaining(symbol -> {
                if (verify.path("instruments").path(symbol).path("trades").asLong() > 0 && !bySymbol.containsKey(symbol)) {
                    expect(symbol + " has trades in the journal (k2 verify) but none in " + engine.name(), 1, 0);
                }
            });
        }
        System.out.printf("(%d ms)%n", perSymbolMs);

        // 3. one symbol, one day (UTC): partition day(exchange_time) prunes the other days
        String symbol = opts.getOrDefault("symbol", busiest(bySymbol));
        String day = opts.get("day");
        if (day == null) {
            List<Object[]> days = engine.rows("SELECT DISTINCT CAST(exchange_time AS DATE) AS d FROM " + TRADES
                + " WHERE symbol = '" + symbol + "' ORDER BY d");
            day = days.isEmpty() ? "1970-01-01" : days.get(Math.min(1, days.size() - 1))[0].toString();
        }
        System.out.printf("%n== one symbol, one day: %s on %s (UTC)%n", symbol, day);
        String filter = " WHERE symbol = '" + symbol + "' AND exchange_time >= TIMESTAMP '" + day + " 00:00:00'"
            + " AND exchange_time < TIMESTAMP '" + day + " 00:00:00' + INTERVAL '1' DAY";
        t = System.nanoTime();
        Object[] oneDay = first("SELECT count(*), sum(price * quantity), min(exchange_time), max(exchange_time) FROM "
            + TRADES + filter);
        long oneDayMs = ms(t);
        long oneDayCount = ((Number) oneDay[0]).longValue();
        BigDecimal oneDaySum = (BigDecimal) oneDay[1];
        long filesInPartition = count("SELECT count(*) FROM " + engine.files(TRADES)
            + " WHERE partition.exchange_time_day = DATE '" + day + "'");
        long filesTotal = count("SELECT count(*) FROM " + engine.files(TRADES));
        System.out.printf("trades %,d  sum(price*quantity) %s  first %s  last %s  (%d ms; the day's partition"
                + " holds %d of the table's %d data files)%n", oneDayCount,
            oneDaySum == null ? "null" : oneDaySum.stripTrailingZeros().toPlainString(),
            oneDay[2], oneDay[3], oneDayMs, filesInPartition, filesTotal);
        if (journal != null) {
            Journal.Sum expected = journal.oneDay(symbol, day);
            expect(symbol + " " + day + " trades vs journal", expected.count, oneDayCount);
            expect(symbol + " " + day + " sum(price*quantity) vs journal", expected.notional,
                oneDaySum == null ? BigDecimal.ZERO : oneDaySum);
        }

        // 4. snapshot history with K2's watermark
        System.out.println("\n== " + TRADES + ".snapshots (k2.journal-index: the last journal excerpt a commit holds)");
        List<Object[]> snapshots = engine.rows("SELECT committed_at, snapshot_id, operation, "
            + engine.mapValue("summary", "k2.journal-index") + ", " + engine.mapValue("summary", "added-records") + ", "
            + engine.mapValue("summary", "total-records") + " FROM " + engine.snapshots(TRADES)
            + " ORDER BY committed_at, snapshot_id");
        System.out.printf("%-26s %20s %-8s %18s %10s %10s%n", "committed_at", "snapshot_id", "op", "k2.journal-index",
            "added", "total");
        for (Object[] r : snapshots) {
            System.out.printf("%-26s %20d %-8s %18s %10s %10s%n", r[0], ((Number) r[1]).longValue(), r[2], r[3],
                r[4] == null ? "0" : r[4], r[5]);
        }
        if (snapshots.isEmpty()) {
            expect("trades has snapshots", 1, 0);
            return;
        }
        Object[] current = snapshots.get(snapshots.size() - 1);
        if (stats != null) {
            expect("current snapshot's k2.journal-index vs k2 cold stats watermark",
                stats.path("trades").path("watermark").asLong(-1), Long.parseLong((String) current[3]));
            expect("snapshots vs k2 cold stats", stats.path("trades").path("snapshots").asLong(-1), snapshots.size());
        }

        // 5. time travel: the oldest snapshot with rows holds exactly the rows up to its watermark
        Object[] old = snapshots.stream().filter(r -> Long.parseLong((String) r[5]) > 0).findFirst().orElse(current);
        long oldId = ((Number) old[1]).longValue();
        long watermark = Long.parseLong((String) old[3]);
        System.out.printf("%n== time travel: %s (k2.journal-index %d)%n", engine.versionAsOf(TRADES, oldId), watermark);
        t = System.nanoTime();
        Object[] travelled = first("SELECT count(*), max(journal_index) FROM " + engine.versionAsOf(TRADES, oldId));
        long travelMs = ms(t);
        long travelledRows = ((Number) travelled[0]).longValue();
        long upToWatermark = count("SELECT count(*) FROM " + TRADES + " WHERE journal_index <= " + watermark);
        System.out.printf("rows %,d, max(journal_index) %s (%d ms); now: rows with journal_index <= %d: %,d%n",
            travelledRows, travelled[1], travelMs, watermark, upToWatermark);
        expect("time travel rows vs snapshot total-records", Long.parseLong((String) old[5]), travelledRows);
        expect("time travel rows vs current rows up to its watermark", upToWatermark, travelledRows);
        if (travelled[1] != null) {
            expect("time travel max(journal_index) <= its watermark", 1,
                ((Number) travelled[1]).longValue() <= watermark ? 1 : 0);
        }
    }

    private static String busiest(Map<String, Object[]> bySymbol) {
        return bySymbol.entrySet().stream()
            .max(java.util.Comparator.comparingLong(e -> ((Number) e.getValue()[1]).longValue()))
            .map(Map.Entry::getKey).orElse("none");
    }

    private void expect(String what, long expected, long actual) {
        checks++;
        if (expected != actual) {
            mismatches.add(what + ": expected " + expected + ", " + engine.name() + " " + actual);
        }
    }

    private void expect(String what, BigDecimal expected, BigDecimal actual) {
        checks++;
        if (expected == null || actual == null || expected.compareTo(actual) != 0) {
            mismatches.add(what + ": expected " + expected + ", " + engine.name() + " " + actual);
        }
    }

    static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    /** A JDBC URL with its password shown as ***. */
    static String redact(String uri) {
        return uri.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** The key=value lines of `k2 cold catalog` up to its first blank line; # lines are comments. */
    static Map<String, String> catalogProperties(Path file) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                if (!properties.isEmpty()) {
                    break;
                }
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not a key=value line in " + file + ": " + line);
            }
            properties.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        if (!properties.containsKey("uri")) {
            throw new IllegalArgumentException(file + " has no uri= line: is it the output of `k2 cold catalog`?");
        }
        return properties;
    }

    /** Expected values computed from the journal's ticks as `k2 replay --sink csv:FILE` writes them. */
    static final class Journal {
        static final class Sum {
            long count;
            BigDecimal notional = BigDecimal.ZERO;

            void add(BigDecimal price, BigDecimal quantity) {
                count++;
                notional = notional.add(price.multiply(quantity));
            }
        }

        final Map<String, Sum> bySymbol = new TreeMap<>();
        final Map<String, Sum> bySymbolDay = new TreeMap<>(); // "SYMBOL DAY"
        long quotes;

        long trades() {
            return bySymbol.values().stream().mapToLong(s -> s.count).sum();
        }

        long quotes() {
            return quotes;
        }

        Sum oneDay(String symbol, String day) {
            return bySymbolDay.getOrDefault(symbol + " " + day, new Sum());
        }

        // columns: symbol,venue,kind,exchange_time,receive_time,channel,source_seq,trade_id,side,price,quantity,...
        static Journal read(Path csv) throws IOException {
            Journal journal = new Journal();
            try (BufferedReader in = Files.newBufferedReader(csv)) {
                String header = in.readLine();
                if (header == null || !header.startsWith("symbol,venue,kind,exchange_time,")) {
                    throw new IllegalArgumentException(csv + " is not a k2 replay CSV: " + header);
                }
                for (String line; (line = in.readLine()) != null; ) {
                    String[] f = line.split(",", 12);
                    if (f[2].equals("TRADE")) {
                        BigDecimal price = new BigDecimal(f[9]);
                        BigDecimal quantity = new BigDecimal(f[10]);
                        journal.bySymbol.computeIfAbsent(f[0], s -> new Sum()).add(price, quantity);
                        String day = f[3].substring(0, 10); // exchange_time is UTC ISO-8601: the UTC day
                        journal.bySymbolDay.computeIfAbsent(f[0] + " " + day, s -> new Sum()).add(price, quantity);
                    } else if (f[2].equals("QUOTE")) {
                        journal.quotes++;
                    }
                }
            }
            return journal;
        }
    }
}
