package dev.k2.query.api;

import java.util.Set;

/**
 * Which ticks: venue ({@code null} = any), symbols (empty = all) and exchange time in
 * {@code [fromMicros, toMicros)}.
 */
public record TickFilter(String venue, Set<String> symbols, long fromMicros, long toMicros) {
    public static final long MIN_TIME = Long.MIN_VALUE;
    public static final long MAX_TIME = Long.MAX_VALUE;

    public TickFilter {
        symbols = symbols == null ? Set.of() : Set.copyOf(symbols);
        if (fromMicros > toMicros) {
            throw new QueryException(ErrorCode.BAD_REQUEST,
                "time range is empty: from " + fromMicros + " is after to " + toMicros + " (the range is [from, to))");
        }
    }

    public static TickFilter all() {
        return new TickFilter(null, Set.of(), MIN_TIME, MAX_TIME);
    }

    public static TickFilter symbol(String venue, String symbol) {
        return new TickFilter(venue, Set.of(symbol), MIN_TIME, MAX_TIME);
    }

    public TickFilter between(long from, long to) {
        return new TickFilter(venue, symbols, from, to);
    }

    public boolean matches(String tickVenue, String tickSymbol, long exchangeTimeMicros) {
        return (venue == null || venue.equals(tickVenue))
            && (symbols.isEmpty() || symbols.contains(tickSymbol))
            && exchangeTimeMicros >= fromMicros && exchangeTimeMicros < toMicros;
    }
}
