package dev.k2.bench.query;

import dev.k2.engine.tick.Scaled;
import dev.k2.persistence.DataDirectory;
import dev.k2.query.api.AsOf;
import dev.k2.query.api.BarInterval;
import dev.k2.query.api.Direction;
import dev.k2.query.api.Query;
import dev.k2.query.api.QueryService;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.ResultStream;
import dev.k2.query.api.TickFilter;
import dev.k2.query.api.TradeRow;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * K2 through its {@link QueryService}, one per data set (a data directory whose journal was cold
 * synced to Iceberg): the in-process hybrid engine, or the same engine behind the query server and
 * one loopback client connection ({@link LoopbackK2}).
 *
 * <p>Prices come back scaled 1e-8 and quantities scaled 1e-8: quantities are turned into shares,
 * and the bar's own vwap is compared as it is.
 */
public final class K2Target implements QueryTarget {
    /** The in-process hybrid engine: {@code static open(DataDirectory)}. */
    public static final String ENGINE_CLASS = "dev.k2.query.engine.HybridQueryService";
    private static final int POLL_ROWS = 8192;

    private final String name;
    private final String how;
    private final Map<String, QueryService> services = new LinkedHashMap<>();
    private final Map<String, String> venues = new LinkedHashMap<>();
    /** Last-N calls the engine's memory path did not answer (they took the full query path). */
    private long notFromMemory;

    public K2Target(String name, String how) {
        this.name = name;
        this.how = how;
    }

    /**
     * The hybrid engine over {@code dir}, or null when this build has none (the query engine is
     * looked up by name so the harness builds and runs the peers without it).
     */
    public static QueryService openInProcess(DataDirectory dir) {
        try {
            Class<?> engine = Class.forName(ENGINE_CLASS);
            return (QueryService) engine.getMethod("open", DataDirectory.class).invoke(null, dir);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    public void add(String set, String venue, QueryService service) {
        services.put(set, service);
        venues.put(set, venue);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return name + ": " + how;
    }

    private QueryService service(String set) {
        QueryService s = services.get(set);
        if (s == null) {
            throw new IllegalArgumentException("no K2 data set " + set);
        }
        return s;
    }

    private static <R> void drain(ResultStream<R> stream, Consumer<? super R> out) {
        try (stream) {
            while (stream.poll(POLL_ROWS, out) != ResultStream.END) {
                // a finite query never returns 0 for long; keep polling
            }
        }
    }

    private static long shares(long scaled) {
        return scaled / Scaled.ONE;
    }

    /** Last-N calls so far that the engine's memory path did not answer, so they took the full query path. */
    public long lastTradesNotFromMemory() {
        return notFromMemory;
    }

    @Override
    public List<Answers.Trade> lastTrades(String set, String symbol, int n) {
        List<Answers.Trade> out = new ArrayList<>(n);
        Query.LastTrades query = new Query.LastTrades(venues.get(set), symbol, n);
        QueryService s = service(set);
        // field by field where the engine can (its memory path; over loopback K2Connection.forEachTrade), as the
        // QuestDB target reads its cursor's columns: no row objects; otherwise (nothing written) the rows
        if (s.lastTradesFromMemory(query, (venue, sym, channel, time, receive, seq, tradeId, side, price, quantity,
            conditions, index, record) -> out.add(new Answers.Trade(time, price, shares(quantity)))) >= 0) {
            return out;
        }
        notFromMemory++;
        drain(s.open(query),
            (TradeRow t) -> out.add(new Answers.Trade(t.exchangeTimeMicros(), t.price(), shares(t.quantity()))));
        return out;
    }

    @Override
    public List<Answers.Bar> bars(String set, String symbol, long fromMicros, long toMicros) {
        TickFilter filter = new TickFilter(venues.get(set), symbol == null ? Set.of() : Set.of(symbol), fromMicros, toMicros);
        List<Answers.Bar> out = new ArrayList<>();
        drain(service(set).open(new Query.Bars(filter, BarInterval.M1, Query.MAX_LIMIT, null, AsOf.LATEST)),
            (dev.k2.query.api.Bar b) -> out.add(new Answers.Bar(b.symbol(), b.startMicros(), b.open(), b.high(), b.low(),
                b.close(), shares(b.volume()), b.vwap(), b.trades())));
        return out;
    }

    @Override
    public List<Answers.Quote> latestQuotes(String set) {
        List<Answers.Quote> out = new ArrayList<>();
        drain(service(set).open(new Query.LatestQuote(venues.get(set), Set.of())),
            (QuoteRow q) -> out.add(new Answers.Quote(q.symbol(), q.exchangeTimeMicros(), q.bidPrice(), shares(q.bidSize()),
                q.askPrice(), shares(q.askSize()))));
        return out;
    }

    @Override
    public Answers.Scan scanTrades(String set, int limit) {
        long[] acc = new long[2];
        drain(service(set).open(new Query.Trades(new TickFilter(venues.get(set), Set.of(), TickFilter.MIN_TIME,
                TickFilter.MAX_TIME), Direction.OLDEST_FIRST, limit, null, AsOf.LATEST)),
            (TradeRow t) -> {
                acc[0]++;
                acc[1] += Answers.Scan.mix(t.exchangeTimeMicros(), t.price(), shares(t.quantity()));
            });
        return new Answers.Scan(acc[0], acc[1]);
    }

    @Override
    public void close() {
        for (QueryService s : services.values()) {
            s.close();
        }
    }
}
