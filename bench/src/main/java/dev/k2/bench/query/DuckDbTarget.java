package dev.k2.bench.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB (in-process JDBC, in-memory database) over native tables loaded with its Appender, rows in
 * time order. {@code seq} is the row's place in that order (ties between equal times in journal
 * order), so ordering by it gives open/close and newest-first exactly as the journal has them. Extensions are never installed or
 * loaded (BUILD-NOTES trap 7). Statements are prepared once and reused.
 *
 * <pre>
 *  {set}_trades(sym VARCHAR, ts TIMESTAMP, seq BIGINT, px BIGINT (1e-8), qty BIGINT (shares))
 *  {set}_quotes(sym VARCHAR, ts TIMESTAMP, seq BIGINT, bid BIGINT, bsz BIGINT, ask BIGINT, asz BIGINT)
 * </pre>
 */
public final class DuckDbTarget implements QueryTarget {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final int threads;

    public DuckDbTarget() throws SQLException {
        Properties props = new Properties();
        props.setProperty("autoinstall_known_extensions", "false");
        props.setProperty("autoload_known_extensions", "false");
        connection = DriverManager.getConnection("jdbc:duckdb:", props);
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('threads')")) {
            rs.next();
            threads = rs.getInt(1);
        }
    }

    @Override
    public String name() {
        return "DuckDB";
    }

    @Override
    public String describe() {
        return "DuckDB " + version() + " in-process JDBC, in-memory native tables, threads=" + threads;
    }

    private String version() {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "?";
        }
    }

    /** Loads the tape's trades and quotes; returns rows/s of the trades load (appender + commit). */
    public double load(String set, TickTape tape) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE " + set + "_trades (sym VARCHAR, ts TIMESTAMP, seq BIGINT, px BIGINT, qty BIGINT)");
            s.execute("CREATE TABLE " + set + "_quotes (sym VARCHAR, ts TIMESTAMP, seq BIGINT, bid BIGINT, bsz BIGINT,"
                + " ask BIGINT, asz BIGINT)");
        }
        DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
        long start = System.nanoTime();
        TickTape.Columns t = tape.trades;
        int[] order = tape.tradesByTime();
        try (DuckDBAppender app = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, set + "_trades")) {
            for (int seq = 0; seq < order.length; seq++) {
                int i = order[seq];
                app.beginRow().append(tape.symbol(t.symbol[i])).appendEpochMicros(t.time[i]).append((long) seq)
                    .append(t.a[i]).append(t.b[i]).endRow();
            }
        }
        double rate = order.length / ((System.nanoTime() - start) / 1e9);
        TickTape.Columns q = tape.quotes;
        int[] qOrder = tape.quotesByTime();
        try (DuckDBAppender app = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, set + "_quotes")) {
            for (int seq = 0; seq < qOrder.length; seq++) {
                int i = qOrder[seq];
                app.beginRow().append(tape.symbol(q.symbol[i])).appendEpochMicros(q.time[i]).append((long) seq)
                    .append(q.a[i]).append(q.b[i]).append(q.c[i]).append(q.d[i]).endRow();
            }
        }
        return rate;
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    @Override
    public List<Answers.Trade> lastTrades(String set, String symbol, int n) throws SQLException {
        PreparedStatement ps = prepare("SELECT epoch_us(ts), px, qty FROM " + set + "_trades WHERE sym = ?"
            + " ORDER BY seq DESC LIMIT " + n);
        ps.setString(1, symbol);
        List<Answers.Trade> out = new ArrayList<>(n);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Answers.Trade(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        return out;
    }

    @Override
    public List<Answers.Bar> bars(String set, String symbol, long fromMicros, long toMicros) throws SQLException {
        String sql = "SELECT sym, epoch_us(time_bucket(INTERVAL '1 minute', ts)) AS b, arg_min(px, seq), max(px), min(px),"
            + " arg_max(px, seq), sum(qty)::BIGINT, sum(px * qty)::BIGINT, count(*) FROM " + set + "_trades"
            + " WHERE ts >= make_timestamp(?) AND ts < make_timestamp(?)" + (symbol == null ? "" : " AND sym = ?")
            + " GROUP BY sym, b ORDER BY sym, b";
        PreparedStatement ps = prepare(sql);
        ps.setLong(1, fromMicros);
        ps.setLong(2, toMicros);
        if (symbol != null) {
            ps.setString(3, symbol);
        }
        List<Answers.Bar> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long shares = rs.getLong(7);
                out.add(new Answers.Bar(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), shares, Answers.vwap(rs.getLong(8), shares), rs.getLong(9)));
            }
        }
        return out;
    }

    @Override
    public List<Answers.Quote> latestQuotes(String set) throws SQLException {
        PreparedStatement ps = prepare("SELECT sym, arg_max(epoch_us(ts), seq), arg_max(bid, seq), arg_max(bsz, seq),"
            + " arg_max(ask, seq), arg_max(asz, seq) FROM " + set + "_quotes GROUP BY sym ORDER BY sym");
        List<Answers.Quote> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Answers.Quote(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6)));
            }
        }
        return out;
    }

    @Override
    public Answers.Scan scanTrades(String set, int limit) throws SQLException {
        PreparedStatement ps = prepare("SELECT epoch_us(ts), px, qty FROM " + set + "_trades WHERE seq < ?");
        ps.setLong(1, limit);
        long rows = 0;
        long sum = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sum += Answers.Scan.mix(rs.getLong(1), rs.getLong(2), rs.getLong(3));
                rows++;
            }
        }
        return new Answers.Scan(rows, sum);
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : statements.values()) {
            ps.close();
        }
        connection.close();
    }
}
