package dev.k2.bench.query;

import io.questdb.cairo.CairoConfiguration;
import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.DefaultCairoConfiguration;
import io.questdb.cairo.TableToken;
import io.questdb.cairo.TableWriter;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.cairo.sql.Record;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import io.questdb.griffin.SqlException;
import io.questdb.griffin.SqlExecutionContextImpl;
import io.questdb.griffin.engine.functions.bind.BindVariableServiceImpl;
import io.questdb.mp.WorkerPool;
import io.questdb.mp.WorkerPoolConfiguration;
import io.questdb.mp.WorkerPoolUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * QuestDB embedded: a {@link CairoEngine} over a scratch directory, no HTTP, PG or ILP listener at
 * all. Tables are non-WAL ({@code BYPASS WAL}), loaded through a {@link TableWriter} in time order,
 * designated timestamp {@code ts}, {@code sym} an indexed SYMBOL, partitioned by day. Queries are
 * compiled once into a {@link RecordCursorFactory} and re-run; query jobs run on a small worker pool
 * plus the calling thread (its default work stealing).
 *
 * <pre>
 *  {set}_trades(sym SYMBOL INDEX, px LONG (1e-8), qty LONG (shares), ts TIMESTAMP)
 *  {set}_quotes(sym SYMBOL INDEX, bid LONG, bsz LONG, ask LONG, asz LONG, ts TIMESTAMP)
 * </pre>
 */
public final class QuestDbTarget implements QueryTarget {
    private final CairoEngine engine;
    private final SqlExecutionContextImpl context;
    private final WorkerPool pool;
    private final int workers;
    private final Map<String, RecordCursorFactory> factories = new HashMap<>();

    /** @param workers query worker threads besides the caller (0: the caller alone) */
    public QuestDbTarget(Path root, int workers) {
        quietLogging(root);
        CairoConfiguration configuration = new DefaultCairoConfiguration(root.resolve("db").toString());
        this.engine = new CairoEngine(configuration);
        this.context = new SqlExecutionContextImpl(engine, Math.max(1, workers + 1))
            .with(AllowAllSecurityContext.INSTANCE, new BindVariableServiceImpl(configuration));
        this.workers = workers;
        if (workers > 0) {
            pool = new WorkerPool(new WorkerPoolConfiguration() {
                @Override
                public int getWorkerCount() {
                    return workers;
                }

                @Override
                public String getPoolName() {
                    return "questdb-query";
                }

                @Override
                public boolean isDaemonPool() {
                    return true;
                }
            });
            WorkerPoolUtils.setupQueryJobs(pool, engine);
            pool.start();
        } else {
            pool = null;
        }
    }

    /** QuestDB logs INFO to stdout unless told otherwise ({@code -Dout=log.conf}): errors only. */
    private static void quietLogging(Path root) {
        if (System.getProperty("out") != null) {
            return;
        }
        try {
            Files.createDirectories(root.resolve("db"));
            Path conf = root.resolve("log.conf");
            Files.writeString(conf, "writers=stdout\nw.stdout.class=io.questdb.log.LogConsoleWriter\nw.stdout.level=ERROR,CRITICAL\n");
            System.setProperty("out", conf.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "QuestDB";
    }

    @Override
    public String describe() {
        return "QuestDB 9.3.4 embedded (CairoEngine, no listeners), non-WAL tables, " + workers
            + " query worker(s) + caller";
    }

    /** Loads the tape's trades and quotes; returns rows/s of the trades load (writer + commit). */
    public double load(String set, TickTape tape) throws SqlException {
        engine.execute("CREATE TABLE " + set + "_trades (sym SYMBOL CAPACITY 1024 CACHE INDEX, px LONG, qty LONG,"
            + " ts TIMESTAMP) TIMESTAMP(ts) PARTITION BY DAY BYPASS WAL", context);
        engine.execute("CREATE TABLE " + set + "_quotes (sym SYMBOL CAPACITY 1024 CACHE INDEX, bid LONG, bsz LONG,"
            + " ask LONG, asz LONG, ts TIMESTAMP) TIMESTAMP(ts) PARTITION BY DAY BYPASS WAL", context);
        long start = System.nanoTime();
        TickTape.Columns t = tape.trades;
        int[] order = tape.tradesByTime();
        TableToken trades = engine.verifyTableName(set + "_trades");
        try (TableWriter writer = engine.getWriter(trades, "k2-bench load")) {
            for (int i : order) {
                TableWriter.Row row = writer.newRow(t.time[i]);
                row.putSym(0, tape.symbol(t.symbol[i]));
                row.putLong(1, t.a[i]);
                row.putLong(2, t.b[i]);
                row.append();
            }
            writer.commit();
        }
        double rate = order.length / ((System.nanoTime() - start) / 1e9);
        TickTape.Columns q = tape.quotes;
        TableToken quotes = engine.verifyTableName(set + "_quotes");
        try (TableWriter writer = engine.getWriter(quotes, "k2-bench load")) {
            for (int i : tape.quotesByTime()) {
                TableWriter.Row row = writer.newRow(q.time[i]);
                row.putSym(0, tape.symbol(q.symbol[i]));
                row.putLong(1, q.a[i]);
                row.putLong(2, q.b[i]);
                row.putLong(3, q.c[i]);
                row.putLong(4, q.d[i]);
                row.append();
            }
            writer.commit();
        }
        return rate;
    }

    private RecordCursorFactory factory(String sql) throws SqlException {
        RecordCursorFactory f = factories.get(sql);
        if (f == null) {
            f = engine.select(sql, context);
            factories.put(sql, f);
        }
        return f;
    }

    private static String literal(String symbol) {
        if (!symbol.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("symbol " + symbol);
        }
        return "'" + symbol + "'";
    }

    @Override
    public List<Answers.Trade> lastTrades(String set, String symbol, int n) throws SqlException {
        RecordCursorFactory f = factory("SELECT ts, px, qty FROM " + set + "_trades WHERE sym = " + literal(symbol)
            + " ORDER BY ts DESC LIMIT " + n);
        List<Answers.Trade> out = new ArrayList<>(n);
        try (RecordCursor cursor = f.getCursor(context)) {
            Record r = cursor.getRecord();
            while (cursor.hasNext()) {
                out.add(new Answers.Trade(r.getTimestamp(0), r.getLong(1), r.getLong(2)));
            }
        }
        return out;
    }

    @Override
    public List<Answers.Bar> bars(String set, String symbol, long fromMicros, long toMicros) throws SqlException {
        RecordCursorFactory f = factory("SELECT sym, ts, first(px), max(px), min(px), last(px), sum(qty), sum(px * qty),"
            + " count() FROM " + set + "_trades WHERE ts >= '" + Instant.EPOCH.plusNanos(fromMicros * 1000) + "' AND ts < '"
            + Instant.EPOCH.plusNanos(toMicros * 1000) + "'" + (symbol == null ? "" : " AND sym = " + literal(symbol))
            + " SAMPLE BY 1m ALIGN TO CALENDAR");
        List<Answers.Bar> out = new ArrayList<>();
        try (RecordCursor cursor = f.getCursor(context)) {
            Record r = cursor.getRecord();
            while (cursor.hasNext()) {
                long shares = r.getLong(6);
                out.add(new Answers.Bar(r.getSymA(0).toString(), r.getTimestamp(1), r.getLong(2), r.getLong(3),
                    r.getLong(4), r.getLong(5), shares, Answers.vwap(r.getLong(7), shares), r.getLong(8)));
            }
        }
        return out;
    }

    @Override
    public List<Answers.Quote> latestQuotes(String set) throws SqlException {
        RecordCursorFactory f = factory("SELECT sym, ts, bid, bsz, ask, asz FROM " + set + "_quotes LATEST ON ts PARTITION BY sym"
            + " ORDER BY sym");
        List<Answers.Quote> out = new ArrayList<>();
        try (RecordCursor cursor = f.getCursor(context)) {
            Record r = cursor.getRecord();
            while (cursor.hasNext()) {
                out.add(new Answers.Quote(r.getSymA(0).toString(), r.getTimestamp(1), r.getLong(2), r.getLong(3),
                    r.getLong(4), r.getLong(5)));
            }
        }
        return out;
    }

    @Override
    public Answers.Scan scanTrades(String set, int limit) throws SqlException {
        RecordCursorFactory f = factory("SELECT ts, px, qty FROM " + set + "_trades LIMIT " + limit);
        long rows = 0;
        long sum = 0;
        try (RecordCursor cursor = f.getCursor(context)) {
            Record r = cursor.getRecord();
            while (cursor.hasNext()) {
                sum += Answers.Scan.mix(r.getTimestamp(0), r.getLong(1), r.getLong(2));
                rows++;
            }
        }
        return new Answers.Scan(rows, sum);
    }

    @Override
    public void close() {
        for (RecordCursorFactory f : factories.values()) {
            f.close();
        }
        if (pool != null) {
            pool.halt();
        }
        engine.close();
    }
}
