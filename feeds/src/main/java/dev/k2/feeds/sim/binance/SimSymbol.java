package dev.k2.feeds.sim.binance;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One simulated Binance symbol: a random walk on the symbol's tick size, quantities on its lot
 * size, and the full trade history (which the REST endpoints page through). Deterministic for the
 * random source it is given. Owned by the simulator's event loop.
 */
final class SimSymbol {
    private static final long ONE = 100_000_000L;

    final String symbol;
    final String lower;
    final long tickSize;
    final long lotSize;
    final long firstTradeId;
    final long firstAggId;
    private long price;
    private long bookUpdateId;
    private int count;
    private long[] prices = new long[1024];
    private long[] quantities = new long[1024];
    private long[] times = new long[1024];
    private boolean[] buyerMaker = new boolean[1024];

    private SimSymbol(String symbol, long startPrice, long tickSize, long lotSize, long firstTradeId) {
        this.symbol = symbol;
        this.lower = symbol.toLowerCase(Locale.ROOT);
        this.price = startPrice;
        this.tickSize = tickSize;
        this.lotSize = lotSize;
        this.firstTradeId = firstTradeId;
        this.firstAggId = firstTradeId / 2;
        this.bookUpdateId = firstTradeId * 3;
    }

    /** Realistic start prices, tick and lot sizes for the majors; small-cap defaults for others. */
    static SimSymbol of(String symbol) {
        return switch (symbol) {
            case "BTCUSDT" -> new SimSymbol(symbol, 90_792_03_000_000L, ONE / 100, ONE / 100_000, 5_789_636_461L);
            case "ETHUSDT" -> new SimSymbol(symbol, 3_092_33_000_000L, ONE / 100, ONE / 10_000, 3_472_973_179L);
            case "BNBUSDT" -> new SimSymbol(symbol, 912_50_000_000L, ONE / 100, ONE / 1_000, 1_245_871_003L);
            default -> new SimSymbol(symbol, 10 * ONE, ONE / 10_000, ONE / 10, 1_000_000L + Math.floorMod(symbol.hashCode(), 1_000_000));
        };
    }

    /** Generates the next trade; returns its index in the history. */
    int nextTrade(SplittableRandom random, long timeMs) {
        int step = random.nextInt(7) - 3;
        if (random.nextInt(4) == 0) {
            price = Math.max(tickSize * 10, price + step * tickSize);
        }
        long lots = 1 + (long) (random.nextDouble() * random.nextDouble() * 2_000);
        if (count == prices.length) {
            int size = count * 2;
            prices = Arrays.copyOf(prices, size);
            quantities = Arrays.copyOf(quantities, size);
            times = Arrays.copyOf(times, size);
            buyerMaker = Arrays.copyOf(buyerMaker, size);
        }
        prices[count] = price;
        quantities[count] = lots * lotSize;
        times[count] = timeMs;
        buyerMaker[count] = random.nextBoolean();
        bookUpdateId += 1 + random.nextInt(4);
        return count++;
    }

    int count() {
        return count;
    }

    long tradeId(int index) {
        return firstTradeId + index;
    }

    long aggId(int index) {
        return firstAggId + index;
    }

    long price(int index) {
        return prices[index];
    }

    long quantity(int index) {
        return quantities[index];
    }

    long time(int index) {
        return times[index];
    }

    boolean buyerMaker(int index) {
        return buyerMaker[index];
    }

    long bookUpdateId() {
        return bookUpdateId;
    }

    long lastPrice() {
        return price;
    }

    /** Index of a trade id (or aggregate id), clamped to [0, count]. */
    int indexOf(long id, boolean aggregate) {
        long first = aggregate ? firstAggId : firstTradeId;
        long index = id - first;
        return (int) Math.max(0, Math.min(count, index));
    }
}
