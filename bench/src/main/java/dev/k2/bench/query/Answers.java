package dev.k2.bench.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answers every engine must agree on, in the {@link TickTape} units, and the reference computed
 * in plain Java from the tape: the yardstick each engine is checked against before it is timed.
 */
public final class Answers {
    private Answers() {
    }

    /** One trade of a last-N answer. */
    public record Trade(long timeMicros, long price, long shares) {
    }

    /**
     * A 1-minute bar: open and close are the first and last trade in (time, journal) order; shares is
     * the exact volume; vwap is sum(price × shares) / shares rounded half-even to 1e-8.
     */
    public record Bar(String symbol, long startMicros, long open, long high, long low, long close, long shares,
                      long vwap, long trades) {
    }

    /** The newest quote of one symbol. */
    public record Quote(String symbol, long timeMicros, long bid, long bidShares, long ask, long askShares) {
    }

    /** A full scan: rows and an order-independent checksum of (time, price, shares). */
    public record Scan(long rows, long checksum) {
        public static long mix(long time, long price, long shares) {
            long h = time * 0x9E3779B97F4A7C15L ^ price * 0xC2B2AE3D27D4EB4FL ^ shares * 0x165667B19E3779F9L;
            return h ^ (h >>> 29);
        }
    }

    public static final Comparator<Bar> BAR_ORDER = Comparator.comparing(Bar::symbol).thenComparingLong(Bar::startMicros);

    /** sum(price × shares) / shares, rounded half-even (all positive here). */
    public static long vwap(long priceTimesShares, long shares) {
        if (shares == 0) {
            return 0;
        }
        long q = priceTimesShares / shares;
        long r2 = (priceTimesShares % shares) * 2;
        return r2 > shares || (r2 == shares && (q & 1) == 1) ? q + 1 : q;
    }

    // ---- the reference, from the tape ----

    /** The newest {@code n} trades of a symbol, newest first; equal times: later in the journal first. */
    public static List<Trade> lastTrades(TickTape tape, String symbol, int n) {
        TickTape.Columns t = tape.trades;
        int sym = tape.symbolId(symbol);
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < t.size; i++) {
            if (t.symbol[i] == sym) {
                rows.add(i);
            }
        }
        rows.sort(Comparator.<Integer>comparingLong(i -> t.time[i]).thenComparingInt(i -> i).reversed());
        List<Trade> out = new ArrayList<>();
        for (int k = 0; k < Math.min(n, rows.size()); k++) {
            int i = rows.get(k);
            out.add(new Trade(t.time[i], t.a[i], t.b[i]));
        }
        return out;
    }

    /** 1-minute bars of one symbol ({@code null}: every symbol) over trades with time in [from, to). */
    public static List<Bar> bars(TickTape tape, String symbol, long fromMicros, long toMicros, long widthMicros) {
        TickTape.Columns t = tape.trades;
        int only = symbol == null ? -1 : tape.symbolId(symbol);
        int[] order = tape.tradesByTime();
        Map<Long, long[]> acc = new HashMap<>();
        List<long[]> inOrder = new ArrayList<>();
        for (int i : order) {
            long time = t.time[i];
            if ((only >= 0 && t.symbol[i] != only) || time < fromMicros || time >= toMicros) {
                continue;
            }
            long start = Math.floorDiv(time, widthMicros) * widthMicros;
            long key = start / widthMicros * 4096 + t.symbol[i];
            long[] bar = acc.get(key);
            long px = t.a[i];
            long qty = t.b[i];
            if (bar == null) {
                bar = new long[] {t.symbol[i], start, px, px, px, px, 0, 0, 0};
                acc.put(key, bar);
                inOrder.add(bar);
            }
            bar[3] = Math.max(bar[3], px);
            bar[4] = Math.min(bar[4], px);
            bar[5] = px;
            bar[6] += qty;
            bar[7] = Math.addExact(bar[7], Math.multiplyExact(px, qty));
            bar[8]++;
        }
        List<Bar> out = new ArrayList<>(inOrder.size());
        for (long[] b : inOrder) {
            out.add(new Bar(tape.symbol((int) b[0]), b[1], b[2], b[3], b[4], b[5], b[6], vwap(b[7], b[6]), b[8]));
        }
        out.sort(BAR_ORDER);
        return out;
    }

    /** The newest quote of every symbol, by symbol; equal times: the later in the journal. */
    public static List<Quote> latestQuotes(TickTape tape) {
        TickTape.Columns q = tape.quotes;
        Map<Integer, Integer> newest = new HashMap<>();
        for (int i = 0; i < q.size; i++) {
            Integer prev = newest.get(q.symbol[i]);
            if (prev == null || q.time[i] >= q.time[prev]) {
                newest.put(q.symbol[i], i);
            }
        }
        List<Quote> out = new ArrayList<>();
        for (int i : newest.values()) {
            out.add(new Quote(tape.symbol(q.symbol[i]), q.time[i], q.a[i], q.b[i], q.c[i], q.d[i]));
        }
        out.sort(Comparator.comparing(Quote::symbol));
        return out;
    }

    /** The first {@code limit} trades in (time, journal) order. */
    public static Scan scan(TickTape tape, int limit) {
        TickTape.Columns t = tape.trades;
        int[] order = tape.tradesByTime();
        int n = Math.min(limit, order.length);
        long sum = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            sum += Scan.mix(t.time[i], t.a[i], t.b[i]);
        }
        return new Scan(n, sum);
    }

    /**
     * Compares an engine's answer with the reference. Returns null when they agree, else a line that
     * says how they differ (count, then the first differing element).
     */
    public static String difference(List<?> expected, List<?> actual) {
        if (Objects.equals(expected, actual)) {
            return null;
        }
        if (expected.size() != actual.size()) {
            return "expected " + expected.size() + " rows, got " + actual.size()
                + (actual.isEmpty() ? "" : "; first " + actual.get(0) + " vs " + (expected.isEmpty() ? "-" : expected.get(0)));
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!Objects.equals(expected.get(i), actual.get(i))) {
                return "row " + i + ": expected " + expected.get(i) + ", got " + actual.get(i);
            }
        }
        return "differs";
    }
}
