package dev.k2.query.api;

/**
 * An OHLCV bar (also a daily summary) over the trades in {@code [startMicros, startMicros + width)}.
 * Open and close are the first and last trade in tick order; volume is the exact sum of quantities;
 * {@code vwap} is sum(price * quantity) / volume rounded half-even to 8 places (all scaled 1e-8).
 */
public record Bar(String venue, String symbol, long startMicros, long open, long high, long low, long close,
                  long volume, long vwap, long trades) {
}
