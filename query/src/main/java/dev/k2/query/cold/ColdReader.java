package dev.k2.query.cold;

import dev.k2.engine.tick.Side;
import dev.k2.persistence.cold.ColdTable;
import dev.k2.query.api.Direction;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.TickFilter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBPreparedStatement;

/**
 * Reads planned cold files with DuckDB: {@code read_parquet} over the file list Iceberg planned, every
 * client value a prepared-statement parameter (the file list too), rows ordered and limited in SQL by
 * (exchange_time, journal_index, journal_record). Decimals become scaled longs exactly (decimal(18,8)
 * times 10^8 is an integer), timestamps epoch microseconds. Counts its statements and failures.
 */
public final class ColdReader {
    private static final String TIME = "epoch_us(exchange_time)";
    /**
     * A {@code decimal(18,8)} column as the engine's scaled long (a count of 10^-8 units), exactly and
     * in 64-bit arithmetic: the integral part times 10^8 (|v| < 10^10, so below 10^18) plus the
     * fraction times 10^8 (|f| < 1, and {@code %} keeps the sign, as {@code trunc} rounds toward zero).
     * Both stay {@code decimal(18,x)}; the obvious {@code CAST(CAST(v AS DECIMAL(38, 8)) * 10^8 AS
     * BIGINT)} goes through 128-bit decimals (a sum over 2 M values took 219-245 ms, this one 30-43 ms,
     * the bare column 19-24 ms), and {@code v * 10^8} alone overflows {@code decimal(18,8)} from 100 up.
     */
    private static final String SCALED = "CAST(trunc(%1$s) AS BIGINT) * 100000000 + CAST((%1$s %% 1) * 100000000 AS BIGINT)";
    /** Widest bar the packed first/last key supports: 2^37 us, about 38 hours (a day is at most 25 hours). */
    private static final long MAX_BAR_WIDTH = 1L << 37;
    private static final BigInteger INDEX_MASK = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);

    private final DuckDbPool pool;
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public ColdReader(DuckDbPool pool) {
        this.pool = pool;
    }

    /** Statements run so far (tests assert the hot tier answered without touching DuckDB). */
    public long statements() {
        return statements.get();
    }

    public long failures() {
        return failures.get();
    }

    /**
     * Up to {@code limit} rows of the scan matching the filter, strictly after the key (before it when
     * newest first) when {@code hasAfter}, in the direction's tick order: one statement, on a connection
     * of its own until the cursor is closed (DuckDB holds the result; keep {@code limit} to a chunk).
     */
    public ColdTickCursor openTicks(ColdScan scan, TickFilter filter, Direction direction, boolean hasAfter,
                                    long afterTime, long afterIndex, int afterRecord, long limit,
                                    ColdInstruments names) {
        boolean trades = scan.view().table() == ColdTable.TRADES;
        String side = names == null ? "side" : "CASE side WHEN 'buy' THEN 1 WHEN 'sell' THEN 2 ELSE 0 END";
        String values = trades
            ? "trade_id, " + side + ", " + scaled("price") + ", " + scaled("quantity")
            : scaled("bid_price") + ", " + scaled("bid_size") + ", " + scaled("ask_price") + ", " + scaled("ask_size");
        String desc = direction == Direction.NEWEST_FIRST ? " DESC" : "";
        // with names, each row carries its instrument's hash instead of two strings to decode
        String instrument = names == null ? "venue, symbol" : ColdInstruments.HASH + ", 0";
        StringBuilder sql = new StringBuilder("SELECT ").append(instrument)
            .append(", channel, t, epoch_us(receive_time), source_seq, ")
            .append(values).append(", conditions, journal_index, journal_record FROM ").append(source());
        List<Object> params = new ArrayList<>();
        params.add(scan.files());
        where(sql, params, filter);
        if (hasAfter) {
            String op = direction == Direction.NEWEST_FIRST ? "<" : ">";
            sql.append(" AND (t ").append(op).append(" ? OR (t = ? AND (journal_index ").append(op)
                .append(" ? OR (journal_index = ? AND journal_record ").append(op).append(" ?))))");
            params.add(afterTime);
            params.add(afterTime);
            params.add(afterIndex);
            params.add(afterIndex);
            params.add(afterRecord);
        }
        sql.append(" ORDER BY t").append(desc).append(", journal_index").append(desc).append(", journal_record")
            .append(desc).append(" LIMIT ?");
        params.add(limit);
        statements.incrementAndGet();
        Connection c = pool.openStream();
        try {
            PreparedStatement ps = c.prepareStatement(sql.toString());
            bind(c, ps, params);
            return new ColdTickCursor(pool, c, ps, ps.unwrap(DuckDBPreparedStatement.class).query(), trades, names);
        } catch (SQLException | RuntimeException e) {
            pool.closeStream(c);
            throw failed(e);
        }
    }

    /**
     * The instruments of the scan's rows that match the filter, by the hash the rows will carry; null
     * when two instruments share a hash (then rows carry their names).
     */
    public ColdInstruments instruments(ColdScan scan, TickFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT DISTINCT venue, symbol, ").append(ColdInstruments.HASH)
            .append(" FROM ").append(source());
        List<Object> params = new ArrayList<>();
        params.add(scan.files());
        where(sql, params, filter);
        ColdInstruments names = new ColdInstruments();
        boolean[] unique = {true};
        run(sql.toString(), params, rs -> unique[0] &= names.add(rs.getLong(3), rs.getString(1), rs.getString(2)));
        return unique[0] ? names : null;
    }

    /**
     * Partial bars of the scan's trades matching the filter, per (venue, symbol, bucket), buckets
     * {@code origin + k * width}.
     */
    public List<ColdBar> bars(ColdScan scan, TickFilter filter, long origin, long width) {
        if (scan.isEmpty()) {
            return List.of();
        }
        if (width > MAX_BAR_WIDTH) {
            throw new QueryException(ErrorCode.BAD_REQUEST, "bars wider than " + MAX_BAR_WIDTH + " us are not supported");
        }
        // The first and last trade of a bucket by tick order, via one HUGEINT key per row:
        // (exchange time - bucket start) << 79 | journal_index << 16 | journal_record. The offset is
        // below 2^37 (a bucket is at most a 25-hour day), an index below 2^63, a record below 2^16:
        // 116 bits, so the key orders exactly as (time, index, record) within a bucket. Decimals are
        // aggregated as decimals and scaled once per bar, not once per row.
        StringBuilder inner = new StringBuilder("SELECT venue, symbol, price, quantity, t, journal_index, journal_record, ")
            .append("? + (t - ?) - ((((t - ?) % ?) + ?) % ?) AS b FROM ").append(source());
        List<Object> params = new ArrayList<>(List.of(origin, origin, origin, width, width, width));
        params.add(scan.files());
        where(inner, params, filter);
        String sql = "SELECT venue, symbol, b, n, vol, pv, lo, hi, o, fk, c, lk FROM ("
            + "SELECT venue, symbol, b, count(*) AS n, sum(quantity) AS vol,"
            + " sum(CAST(price AS DECIMAL(38, 8)) * CAST(quantity AS DECIMAL(38, 8))) AS pv,"
            + " min(price) AS lo, max(price) AS hi, arg_min(price, k) AS o, min(k) AS fk, arg_max(price, k) AS c,"
            + " max(k) AS lk FROM (SELECT venue, symbol, b, price, quantity,"
            + " (CAST(t - b AS HUGEINT) << 79) | (CAST(journal_index AS HUGEINT) << 16) | CAST(journal_record AS HUGEINT) AS k"
            + " FROM (" + inner + ")) GROUP BY venue, symbol, b)";
        List<ColdBar> bars = new ArrayList<>();
        run(sql, params, rs -> {
            long b = rs.getLong(3);
            BigInteger fk = integer(rs.getString(10));
            BigInteger lk = integer(rs.getString(12));
            bars.add(new ColdBar(rs.getString(1), rs.getString(2), b, rs.getLong(4),
                unscaled(rs.getBigDecimal(5), 8), unscaled(rs.getBigDecimal(6), 16),
                unscaled(rs.getBigDecimal(7), 8).longValueExact(), unscaled(rs.getBigDecimal(8), 8).longValueExact(),
                unscaled(rs.getBigDecimal(9), 8).longValueExact(), b + fk.shiftRight(79).longValueExact(),
                fk.shiftRight(16).and(INDEX_MASK).longValueExact(), fk.intValue() & 0xFFFF,
                unscaled(rs.getBigDecimal(11), 8).longValueExact(), b + lk.shiftRight(79).longValueExact(),
                lk.shiftRight(16).and(INDEX_MASK).longValueExact(), lk.intValue() & 0xFFFF));
        });
        return bars;
    }

    /** An exact decimal as an integer count of 10^-scale units. */
    private static BigInteger unscaled(BigDecimal value, int scale) {
        return value == null ? BigInteger.ZERO : value.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue();
    }

    private static String source() {
        return "(SELECT *, " + TIME + " AS t FROM read_parquet(?, hive_partitioning = false))";
    }

    private static void where(StringBuilder sql, List<Object> params, TickFilter filter) {
        sql.append(" WHERE TRUE");
        if (filter.venue() != null) {
            sql.append(" AND venue = ?");
            params.add(filter.venue());
        }
        if (!filter.symbols().isEmpty()) {
            sql.append(" AND symbol IN (");
            int n = 0;
            for (String symbol : filter.symbols()) {
                sql.append(n++ == 0 ? "?" : ", ?");
                params.add(symbol);
            }
            sql.append(')');
        }
        if (filter.fromMicros() != TickFilter.MIN_TIME) {
            sql.append(" AND t >= ?");
            params.add(filter.fromMicros());
        }
        if (filter.toMicros() != TickFilter.MAX_TIME) {
            sql.append(" AND t < ?");
            params.add(filter.toMicros());
        }
    }

    /** A HUGEINT sum read as text: exact whatever the JDBC driver maps HUGEINT to. */
    private static BigInteger integer(String value) {
        return value == null ? BigInteger.ZERO : new BigInteger(value);
    }

    static String scaled(String column) {
        return String.format(SCALED, column);
    }

    static Side side(String text) {
        if (text == null) {
            return Side.UNKNOWN;
        }
        return switch (text) {
            case "buy" -> Side.BUY;
            case "sell" -> Side.SELL;
            default -> Side.UNKNOWN;
        };
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void run(String sql, List<Object> params, RowReader reader) {
        Connection c = pool.borrow();
        statements.incrementAndGet();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException | RuntimeException e) {
            throw failed(e);
        } finally {
            pool.giveBack(c);
        }
    }

    private static void bind(Connection c, PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof List<?> list) {
                ps.setObject(i + 1, c.createArrayOf("VARCHAR", list.toArray()));
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    QueryException failed(Exception e) {
        if (e instanceof QueryException q) {
            return q;
        }
        failures.incrementAndGet();
        return new QueryException(ErrorCode.INTERNAL, "the cold tier failed to read its Parquet files: "
            + e.getMessage() + " (a file may have been removed by maintenance: retry; if it persists, run k2 cold stats)",
            e);
    }
}
