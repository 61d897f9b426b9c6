package dev.k2.query.support;

import dev.k2.query.api.Bar;
import dev.k2.query.api.Cursor;
import dev.k2.query.api.Direction;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.Query;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.QueryService;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.ResultStream;
import dev.k2.query.api.SnapshotRow;
import dev.k2.query.api.StatsRow;
import dev.k2.query.api.SymbolRow;
import dev.k2.query.api.TickFilter;
import dev.k2.query.api.TickRow;
import dev.k2.query.api.TradeFields;
import dev.k2.query.api.TradeRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link QueryService} over lists, for testing front ends (protocol, server, client, HTTP) without
 * an engine: tick queries filter, order, limit and page exactly; bars, symbols, stats and snapshots
 * return what the test put in; subscriptions receive what {@link #publish} pushes. Counts opens
 * and closes so tests can prove that streams are released.
 */
public final class ListQueryService implements QueryService {
    public final List<TradeRow> trades = new CopyOnWriteArrayList<>();
    public final List<QuoteRow> quotes = new CopyOnWriteArrayList<>();
    public final List<Bar> bars = new CopyOnWriteArrayList<>();
    public final List<SymbolRow> symbols = new CopyOnWriteArrayList<>();
    public final List<StatsRow> stats = new CopyOnWriteArrayList<>();
    public final List<SnapshotRow> snapshots = new CopyOnWriteArrayList<>();
    public final AtomicInteger opened = new AtomicInteger();
    public final AtomicInteger closed = new AtomicInteger();
    /** When set, last-trades queries are answered by {@link #openFromMemory} (as the hybrid engine's hot store does). */
    public volatile boolean lastTradesInMemory;
    /** When set, {@link #openFromMemory} throws it (an engine refusing a query on the I/O thread). */
    public volatile QueryException memoryFailure;
    public final AtomicInteger openedFromMemory = new AtomicInteger();
    /** When set, last-trades queries are written field by field by {@link #lastTradesFromMemory}. */
    public volatile boolean lastTradesAsFields;
    public final AtomicInteger writtenAsFields = new AtomicInteger();
    private final List<LiveStream> live = new CopyOnWriteArrayList<>();

    /** Delivers a tick to every open subscription that wants it. */
    public void publish(TickRow row) {
        for (LiveStream s : live) {
            s.offer(row);
        }
    }

    public int openSubscriptions() {
        return live.size();
    }

    @Override
    public <R> ResultStream<R> openFromMemory(Query<R> query) {
        if (memoryFailure != null) {
            throw memoryFailure;
        }
        if (lastTradesInMemory && query instanceof Query.LastTrades) {
            openedFromMemory.incrementAndGet();
            return open(query);
        }
        return null;
    }

    @Override
    public int lastTradesFromMemory(Query.LastTrades query, TradeFields out) {
        if (memoryFailure != null) {
            throw memoryFailure;
        }
        if (!lastTradesAsFields) {
            return -1;
        }
        writtenAsFields.incrementAndGet();
        int[] rows = {0};
        try (ResultStream<TradeRow> page = page(trades, TickFilter.symbol(query.venue(), query.symbol()),
            Direction.NEWEST_FIRST, query.n(), null)) {
            while (page.poll(Integer.MAX_VALUE, t -> {
                out.trade(t.venue(), t.symbol(), t.channel(), t.exchangeTimeMicros(), t.receiveTimeMicros(), t.sourceSeq(),
                    t.tradeId(), t.side(), t.price(), t.quantity(), t.conditions(), t.journalIndex(), t.journalRecord());
                rows[0]++;
            }) > 0) {
                // drain
            }
        }
        return rows[0];
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> ResultStream<R> open(Query<R> query) {
        opened.incrementAndGet();
        return (ResultStream<R>) switch (query) {
            case Query.Trades q -> page(trades, q.filter(), q.direction(), q.limit(), q.cursor());
            case Query.Quotes q -> page(quotes, q.filter(), q.direction(), q.limit(), q.cursor());
            case Query.LastTrades q -> page(trades, TickFilter.symbol(q.venue(), q.symbol()), Direction.NEWEST_FIRST,
                q.n(), null);
            case Query.LatestQuote q -> new ListStream<>(List.of());
            case Query.Bars q -> new ListStream<>(bars.stream().limit(q.limit()).toList());
            case Query.Summary q -> new ListStream<>(bars.stream().filter(b -> b.symbol().equals(q.symbol())).limit(1).toList());
            case Query.Symbols q -> new ListStream<>(symbols.stream().filter(s -> q.venue() == null || s.venue().equals(q.venue())).toList());
            case Query.Stats q -> new ListStream<>(List.copyOf(stats));
            case Query.Snapshots q -> new ListStream<>(snapshots.stream().limit(q.limit()).toList());
            case Query.Subscribe q -> {
                LiveStream s = new LiveStream(q);
                live.add(s);
                yield s;
            }
        };
    }

    private <T extends TickRow> ResultStream<T> page(List<T> rows, TickFilter f, Direction direction, int limit,
                                                     Cursor cursor) {
        Comparator<TickRow> order = TickRow::compare;
        if (direction == Direction.NEWEST_FIRST) {
            order = order.reversed();
        }
        List<T> matching = rows.stream()
            .filter(r -> f.matches(r.venue(), r.symbol(), r.exchangeTimeMicros()))
            .filter(r -> cursor == null || after(r, cursor, direction))
            .sorted(order).toList();
        List<T> pageRows = matching.subList(0, Math.min(limit, matching.size()));
        Cursor next = null;
        if (matching.size() > limit) {
            T last = pageRows.get(pageRows.size() - 1);
            next = new Cursor(-1, -1, last.exchangeTimeMicros(), last.journalIndex(), last.journalRecord());
        }
        ListStream<T> s = new ListStream<>(pageRows);
        s.next = next;
        return s;
    }

    private static boolean after(TickRow r, Cursor c, Direction d) {
        int cmp = TickRow.compareKeys(r.exchangeTimeMicros(), r.journalIndex(), r.journalRecord(),
            c.afterTimeMicros(), c.afterJournalIndex(), c.afterJournalRecord());
        return d == Direction.OLDEST_FIRST ? cmp > 0 : cmp < 0;
    }

    /** Fails every query with {@code code}: for testing error paths. */
    public static QueryService failing(ErrorCode code, String message) {
        return new QueryService() {
            @Override
            public <R> ResultStream<R> open(Query<R> query) {
                throw new QueryException(code, message);
            }
        };
    }

    private class ListStream<R> implements ResultStream<R> {
        private final List<R> rows;
        private int position;
        private boolean isClosed;
        Cursor next;

        ListStream(List<R> rows) {
            this.rows = new ArrayList<>(rows);
        }

        @Override
        public int poll(int max, Consumer<? super R> out) {
            if (position >= rows.size()) {
                return END;
            }
            int n = Math.min(max, rows.size() - position);
            for (int i = 0; i < n; i++) {
                out.accept(rows.get(position++));
            }
            return n;
        }

        @Override
        public Cursor nextCursor() {
            return next;
        }

        @Override
        public void close() {
            if (!isClosed) {
                isClosed = true;
                closed.incrementAndGet();
            }
        }
    }

    private final class LiveStream implements ResultStream<TickRow> {
        private final Query.Subscribe query;
        private final ConcurrentLinkedQueue<TickRow> pending = new ConcurrentLinkedQueue<>();
        private volatile Runnable callback;
        private volatile boolean isClosed;

        LiveStream(Query.Subscribe query) {
            this.query = query;
        }

        void offer(TickRow row) {
            boolean kind = row instanceof TradeRow ? query.trades() : query.quotes();
            if (!isClosed && kind && (query.venue() == null || query.venue().equals(row.venue()))
                && (query.symbols().isEmpty() || query.symbols().contains(row.symbol()))) {
                pending.add(row);
                Runnable r = callback;
                if (r != null) {
                    r.run();
                }
            }
        }

        @Override
        public int poll(int max, Consumer<? super TickRow> out) {
            if (isClosed) {
                return END;
            }
            int n = 0;
            TickRow row;
            while (n < max && (row = pending.poll()) != null) {
                out.accept(row);
                n++;
            }
            return n;
        }

        @Override
        public void onAvailable(Runnable r) {
            callback = r;
            if (!pending.isEmpty()) {
                r.run();
            }
        }

        @Override
        public void close() {
            if (!isClosed) {
                isClosed = true;
                live.remove(this);
                closed.incrementAndGet();
            }
        }
    }
}
