package dev.k2.bench.query;

import dev.k2.engine.tick.Scaled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One data set held in memory as columns, in the order the engine journaled it: the trades and quotes
 * every engine under test is loaded from, and the reference the answers are checked against.
 *
 * <p>Units, the same for every engine: times are UTC epoch microseconds; prices are scaled 1e-8
 * longs (decimal(18,8) as its unscaled value); quantities are whole shares (K2's scaled quantity
 * divided by 1e8; every data set here trades whole shares, checked on the way in).
 */
public final class TickTape {
    private final String venue;
    private final List<String> symbols = new ArrayList<>();
    private final Map<String, Integer> symbolIds = new HashMap<>();
    final Columns trades = new Columns(true);
    final Columns quotes = new Columns(false);

    public TickTape(String venue) {
        this.venue = venue;
    }

    public String venue() {
        return venue;
    }

    public int symbolId(String symbol) {
        return symbolIds.computeIfAbsent(symbol, s -> {
            symbols.add(s);
            return symbols.size() - 1;
        });
    }

    public String symbol(int id) {
        return symbols.get(id);
    }

    public int tradeCount() {
        return trades.size;
    }

    /** The earliest and latest trade time, micros: {@code [first, last + 1)} covers every trade. */
    public long firstTradeMicros() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < trades.size; i++) {
            min = Math.min(min, trades.time[i]);
        }
        return min;
    }

    public long lastTradeMicros() {
        long max = Long.MIN_VALUE;
        for (int i = 0; i < trades.size; i++) {
            max = Math.max(max, trades.time[i]);
        }
        return max;
    }

    public int quoteCount() {
        return quotes.size;
    }

    public void addTrade(int symbolId, long timeMicros, long price, long scaledQuantity) {
        trades.add(symbolId, timeMicros, price, shares(scaledQuantity), 0, 0);
    }

    public void addQuote(int symbolId, long timeMicros, long bid, long ask, long scaledBidSize, long scaledAskSize) {
        quotes.add(symbolId, timeMicros, bid, shares(scaledBidSize), ask, shares(scaledAskSize));
    }

    private static long shares(long scaled) {
        if (scaled % Scaled.ONE != 0) {
            throw new IllegalArgumentException("quantity " + scaled + " (scaled 1e-8) is not a whole number of shares");
        }
        return scaled / Scaled.ONE;
    }

    /** Row numbers of the trades in time order, ties in journal order (a stable sort): the load order of the peers. */
    public int[] tradesByTime() {
        return trades.byTime();
    }

    public int[] quotesByTime() {
        return quotes.byTime();
    }

    /**
     * Column storage. For trades {@code a} is the price and {@code b} the shares; for quotes {@code a}
     * and {@code b} are bid price and size, {@code c} and {@code d} ask price and size.
     */
    static final class Columns {
        final boolean trades;
        int size;
        int[] symbol = new int[1024];
        long[] time = new long[1024];
        long[] a = new long[1024];
        long[] b = new long[1024];
        long[] c;
        long[] d;

        Columns(boolean trades) {
            this.trades = trades;
            if (!trades) {
                c = new long[1024];
                d = new long[1024];
            }
        }

        void add(int sym, long t, long va, long vb, long vc, long vd) {
            if (size == time.length) {
                int n = size * 2;
                symbol = Arrays.copyOf(symbol, n);
                time = Arrays.copyOf(time, n);
                a = Arrays.copyOf(a, n);
                b = Arrays.copyOf(b, n);
                if (!trades) {
                    c = Arrays.copyOf(c, n);
                    d = Arrays.copyOf(d, n);
                }
            }
            symbol[size] = sym;
            time[size] = t;
            a[size] = va;
            b[size] = vb;
            if (!trades) {
                c[size] = vc;
                d[size] = vd;
            }
            size++;
        }

        int[] byTime() {
            boolean sorted = true;
            for (int i = 1; i < size && sorted; i++) {
                sorted = time[i - 1] <= time[i];
            }
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            if (sorted) {
                return order;
            }
            // stable: equal times keep journal order
            Integer[] boxed = new Integer[size];
            for (int i = 0; i < size; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, (x, y) -> Long.compare(time[x], time[y]));
            for (int i = 0; i < size; i++) {
                order[i] = boxed[i];
            }
            return order;
        }
    }
}
