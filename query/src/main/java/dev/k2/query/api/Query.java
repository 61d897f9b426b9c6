package dev.k2.query.api;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * Every query K2 answers, typed by the row it returns. {@code limit} is at least 1; a result cut
 * by its limit ends with a {@link Cursor} for the next page ({@code cursor == null} starts afresh).
 */
public sealed interface Query<R> {
    int MAX_LIMIT = 100_000_000;

    /** Raw trades matching a filter. */
    record Trades(TickFilter filter, Direction direction, int limit, Cursor cursor, AsOf asOf)
        implements Query<TradeRow> {
        public Trades {
            checkLimit(limit);
        }
    }

    /** Raw quotes matching a filter. */
    record Quotes(TickFilter filter, Direction direction, int limit, Cursor cursor, AsOf asOf)
        implements Query<QuoteRow> {
        public Quotes {
            checkLimit(limit);
        }
    }

    /** The newest {@code n} trades of one symbol, newest first; answered by the hot tier when it holds them. */
    record LastTrades(String venue, String symbol, int n) implements Query<TradeRow> {
        public LastTrades {
            checkLimit(n);
        }
    }

    /** The newest quote of each symbol (all symbols when empty), one row per symbol. */
    record LatestQuote(String venue, Set<String> symbols) implements Query<QuoteRow> {
        public LatestQuote {
            symbols = symbols == null ? Set.of() : Set.copyOf(symbols);
        }
    }

    /** OHLCV bars over trades, per symbol, by (symbol, start) ascending. */
    record Bars(TickFilter filter, BarInterval interval, int limit, Cursor cursor, AsOf asOf) implements Query<Bar> {
        public Bars {
            checkLimit(limit);
        }
    }

    /**
     * One symbol's summary for a trading day: the day runs midnight to midnight in {@code zone}
     * ({@code null} = the venue's zone: Australia/Sydney for ASX, UTC otherwise).
     */
    record Summary(String venue, String symbol, LocalDate day, ZoneId zone, AsOf asOf) implements Query<Bar> {
    }

    /** Instruments seen, optionally of one venue. */
    record Symbols(String venue) implements Query<SymbolRow> {
    }

    /** One row per table. */
    record Stats() implements Query<StatsRow> {
    }

    /** Snapshots of both tables, newest first. */
    record Snapshots(int limit) implements Query<SnapshotRow> {
        public Snapshots {
            checkLimit(limit);
        }
    }

    /**
     * New ticks of the chosen tables and symbols as they are journaled. With {@code fromMicros !=
     * null}, ticks with exchange time from then on are replayed first (oldest first), then the stream
     * turns live with nothing missed or doubled. Never ends by itself.
     */
    record Subscribe(boolean trades, boolean quotes, String venue, Set<String> symbols, Long fromMicros)
        implements Query<TickRow> {
        public Subscribe {
            symbols = symbols == null ? Set.of() : Set.copyOf(symbols);
            if (!trades && !quotes) {
                throw new QueryException(ErrorCode.BAD_REQUEST, "subscribe to trades, quotes or both");
            }
        }
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new QueryException(ErrorCode.BAD_REQUEST,
                "limit " + limit + " is out of range: use 1.." + MAX_LIMIT + " and page with the cursor");
        }
    }
}
