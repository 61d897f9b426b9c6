package dev.k2.query.hot;

/**
 * Bounds and pace of the hot tier. Memory: each (instrument, kind) ring grows to at most
 * {@code maxPerInstrument} entries of about 100 bytes (1.6 MB at the default 16,384), the live ring to
 * {@code liveCapacity}; rings grow on demand and never shrink. Whatever a bound evicts is read from
 * the journal instead, so the bounds trade memory for journal reads, never exactness.
 *
 * @param maxPerInstrument  most ticks held per instrument and kind (a power of two); the oldest are evicted beyond it
 * @param keepPerInstrument ticks kept per instrument and kind even when the cold tier holds them (LastTrades, LatestQuote)
 * @param liveCapacity      ticks of all instruments held in journal order for subscriptions (a power of two)
 * @param pollIntervalMs    how long the tailer parks when the journal has nothing new (longer, up to 8x, while it stays quiet)
 * @param trimIntervalMs    how often the tailer reads the cold watermark and drops what the cold tier holds
 */
public record HotSettings(int maxPerInstrument, int keepPerInstrument, int liveCapacity, long pollIntervalMs,
                          long trimIntervalMs) {
    public HotSettings {
        if (Integer.bitCount(maxPerInstrument) != 1 || Integer.bitCount(liveCapacity) != 1) {
            throw new IllegalArgumentException("hot capacities must be powers of two: maxPerInstrument="
                + maxPerInstrument + ", liveCapacity=" + liveCapacity);
        }
        if (keepPerInstrument < 1 || keepPerInstrument > maxPerInstrument) {
            throw new IllegalArgumentException("keepPerInstrument must be 1.." + maxPerInstrument + ": " + keepPerInstrument);
        }
        if (pollIntervalMs < 1 || trimIntervalMs < 1) {
            throw new IllegalArgumentException("poll and trim intervals must be at least 1 ms");
        }
    }

    public static HotSettings defaults() {
        return new HotSettings(1 << 14, 1024, 1 << 16, 2, 1000);
    }
}
