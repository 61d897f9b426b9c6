package dev.k2.query.engine;

import dev.k2.query.api.Bar;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.TickRow;
import dev.k2.query.api.TradeRow;
import dev.k2.query.cold.ColdBar;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines partial bars exactly: the cold tier's (per snapshot, from DuckDB) and the hot trades',
 * per (venue, symbol, bucket). Counts and sums add (sum(price * quantity) as a 128-bit exact integer in
 * 1e-16 units), low/high take min/max, open/close the first/last trade by tick order across tiers,
 * and vwap = sum(price * quantity) / volume rounded half-even to 8 places. Buckets start at
 * {@code origin + k * width}.
 */
final class BarAccumulator {
    private final long origin;
    private final long width;
    private final Map<Key, Partial> partials = new HashMap<>();

    private record Key(String venue, String symbol, long start) {
    }

    private static final class Partial {
        long count;
        BigInteger volume = BigInteger.ZERO;
        BigInteger notional = BigInteger.ZERO;
        long hotVolume;
        long notionalHigh;
        long notionalLow;
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        long open;
        long openTime = Long.MAX_VALUE;
        long openIndex;
        int openRecord;
        long close;
        long closeTime = Long.MIN_VALUE;
        long closeIndex;
        int closeRecord;

        void first(long price, long time, long index, int record) {
            if (TickRow.compareKeys(time, index, record, openTime, openIndex, openRecord) < 0) {
                open = price;
                openTime = time;
                openIndex = index;
                openRecord = record;
            }
        }

        void last(long price, long time, long index, int record) {
            if (TickRow.compareKeys(time, index, record, closeTime, closeIndex, closeRecord) > 0) {
                close = price;
                closeTime = time;
                closeIndex = index;
                closeRecord = record;
            }
        }

        /** Adds price * quantity to the 128-bit (notionalHigh, notionalLow) accumulator. */
        void addNotional(long price, long quantity) {
            long high = Math.multiplyHigh(price, quantity);
            long low = price * quantity;
            long sum = notionalLow + low;
            long carry = Long.compareUnsigned(sum, notionalLow) < 0 ? 1 : 0;
            notionalLow = sum;
            notionalHigh = notionalHigh + high + carry;
        }

        BigInteger totalNotional() {
            BigInteger wide = BigInteger.valueOf(notionalHigh).shiftLeft(64)
                .add(new BigInteger(Long.toUnsignedString(notionalLow)));
            return notional.add(wide);
        }
    }

    BarAccumulator(long origin, long width) {
        this.origin = origin;
        this.width = width;
    }

    long bucket(long timeMicros) {
        return origin + Math.floorDiv(timeMicros - origin, width) * width;
    }

    void add(ColdBar bar) {
        Partial p = partials.computeIfAbsent(new Key(bar.venue(), bar.symbol(), bar.start()), k -> new Partial());
        p.count += bar.count();
        p.volume = p.volume.add(bar.volume());
        p.notional = p.notional.add(bar.notional());
        p.low = Math.min(p.low, bar.low());
        p.high = Math.max(p.high, bar.high());
        p.first(bar.open(), bar.openTime(), bar.openIndex(), bar.openRecord());
        p.last(bar.close(), bar.closeTime(), bar.closeIndex(), bar.closeRecord());
    }

    void add(TradeRow t) {
        Partial p = partials.computeIfAbsent(new Key(t.venue(), t.symbol(), bucket(t.exchangeTimeMicros())),
            k -> new Partial());
        p.count++;
        try {
            p.hotVolume = Math.addExact(p.hotVolume, t.quantity());
        } catch (ArithmeticException e) {
            p.volume = p.volume.add(BigInteger.valueOf(p.hotVolume)).add(BigInteger.valueOf(t.quantity()));
            p.hotVolume = 0;
        }
        p.addNotional(t.price(), t.quantity());
        p.low = Math.min(p.low, t.price());
        p.high = Math.max(p.high, t.price());
        p.first(t.price(), t.exchangeTimeMicros(), t.journalIndex(), t.journalRecord());
        p.last(t.price(), t.exchangeTimeMicros(), t.journalIndex(), t.journalRecord());
    }

    /** The bars, by (symbol, start, venue). */
    List<Bar> bars() {
        List<Bar> bars = new ArrayList<>(partials.size());
        for (Map.Entry<Key, Partial> e : partials.entrySet()) {
            Key k = e.getKey();
            Partial p = e.getValue();
            BigInteger volume = p.volume.add(BigInteger.valueOf(p.hotVolume));
            BigInteger notional = p.totalNotional();
            long vwap = volume.signum() == 0 ? 0
                : new BigDecimal(notional).divide(new BigDecimal(volume), 0, RoundingMode.HALF_EVEN).longValueExact();
            long exactVolume;
            try {
                exactVolume = volume.longValueExact();
            } catch (ArithmeticException overflow) {
                throw new QueryException(ErrorCode.INTERNAL, "the volume of " + k.venue() + ":" + k.symbol() + " in the bar at "
                    + k.start() + " exceeds a long in 1e-8 units: use a narrower bar interval", overflow);
            }
            bars.add(new Bar(k.venue(), k.symbol(), k.start(), p.open, p.high, p.low, p.close, exactVolume, vwap, p.count));
        }
        bars.sort(Comparator.comparing(Bar::symbol).thenComparingLong(Bar::startMicros).thenComparing(Bar::venue));
        return bars;
    }
}
