package dev.k2.query.api;

import java.util.Locale;

/** Bar widths. Buckets are aligned to the UTC epoch: a bar starts at {@code floor(t / width) * width}. */
public enum BarInterval {
    S1("1s", 1_000_000L),
    M1("1m", 60_000_000L),
    M5("5m", 300_000_000L),
    M15("15m", 900_000_000L),
    H1("1h", 3_600_000_000L),
    D1("1d", 86_400_000_000L);

    private final String label;
    private final long micros;

    BarInterval(String label, long micros) {
        this.label = label;
        this.micros = micros;
    }

    public String label() {
        return label;
    }

    public long micros() {
        return micros;
    }

    /** Start of the bucket holding {@code timeMicros} (floor, also for times before 1970). */
    public long bucketStart(long timeMicros) {
        return Math.floorDiv(timeMicros, micros) * micros;
    }

    /** Parses {@code 1s, 1m, 5m, 15m, 1h, 1d}; the error names the accepted values. */
    public static BarInterval parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (BarInterval i : values()) {
            if (i.label.equals(t)) {
                return i;
            }
        }
        throw new QueryException(ErrorCode.BAD_REQUEST,
            "unknown bar interval '" + text + "': use one of 1s, 1m, 5m, 15m, 1h, 1d");
    }
}
