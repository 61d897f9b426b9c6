package dev.k2.tools.replay;

/**
 * Replay pacing: {@code max} (as fast as the journal reads) or {@code Nx} (N times the original
 * spacing of exchange times; {@code 1x} keeps it).
 *
 * @param factor 0 for max
 */
public record ReplaySpeed(double factor) {
    public static final ReplaySpeed MAX = new ReplaySpeed(0);

    public static ReplaySpeed parse(String text) {
        if (text.equals("max")) {
            return MAX;
        }
        if (text.endsWith("x")) {
            try {
                double factor = Double.parseDouble(text.substring(0, text.length() - 1));
                if (factor > 0 && Double.isFinite(factor)) {
                    return new ReplaySpeed(factor);
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("--speed '" + text + "': must be max or a positive factor like 1x, 10x, 0.5x");
    }

    public boolean paced() {
        return factor > 0;
    }

    /**
     * How long after the first replayed tick a tick is due: its exchange-time distance from the first
     * tick, divided by the factor. Never negative (a tick earlier than the first is due at once).
     */
    public long offsetNs(long firstExchangeTimeNs, long exchangeTimeNs) {
        return Math.max(0, (long) ((exchangeTimeNs - firstExchangeTimeNs) / factor));
    }
}
