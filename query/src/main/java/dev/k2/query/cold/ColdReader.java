package dev.k2.query.cold;

import dev.k2.engine.tick.Side;
import dev.k2.persistence.cold.ColdTable;
import dev.k2.query.api.Direction;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.TickFilter;
import dev.k2.query.api.TickRow;
import dev.k2.query.api.TradeRow;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads planned cold files with DuckDB: {@code read_parquet} over the file list Iceberg planned, every
 * client value a prepared-statement parameter (the file list too), rows ordered and limited in SQL by
 * (exchange_time, journal_index, journal_record). Decimals become scaled longs exactly (decimal(18,8)
 * times 10^8 is an integer), timestamps epoch microseconds. Counts its statements and failures.
 */
public final class ColdReader {
    private static final String TIME = "epoch_us(exchange_time)";
    private static final String SCALED = "CAST(CAST(%s AS DECIMAL(38, 8)) * 100000000 AS BIGINT)";

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
     * newest first) when {@code hasAfter}, in the direction's tick order.
     */
    public List<TickRow> ticks(ColdScan scan, TickFilter filter, Direction direction, boolean hasAfter, long afterTime,
                               long afterIndex, int afterRecord, int limit) {
        if (scan.isEmpty()) {
            return List.of();
        }
        boolean trades = scan.view().table() == ColdTable.TRADES;
        String values = trades
            ? "trade_id, side, " + scaled("price") + ", " + scaled("quantity")
            : scaled("bid_price") + ", " + scaled("bid_size") + ", " + scaled("ask_price") + ", " + scaled("ask_size");
        String desc = direction == Direction.NEWEST_FIRST ? " DESC" : "";
        StringBuilder sql = new StringBuilder("SELECT venue, symbol, channel, t, epoch_us(receive_time), source_seq, ")
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
        List<TickRow> rows = new ArrayList<>();
        run(sql.toString(), params, rs -> {
            long seq = rs.getLong(6);
            long sourceSeq = rs.wasNull() ? TickRow.NONE : seq;
            if (trades) {
                long id = rs.getLong(7);
                long tradeId = rs.wasNull() ? TickRow.NONE : id;
                rows.add(new TradeRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5),
                    sourceSeq, tradeId, side(rs.getString(8)), rs.getLong(9), rs.getLong(10), rs.getInt(11),
                    rs.getLong(12), rs.getInt(13)));
            } else {
                rows.add(new QuoteRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5),
                    sourceSeq, rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getInt(11),
                    rs.getLong(12), rs.getInt(13)));
            }
        });
        return rows;
    }

    /**
     * Partial bars of the scan's trades matching the filter, per (venue, symbol, bucket), buckets
     * {@code origin + k * width}.
     */
    public List<ColdBar> bars(ColdScan scan, TickFilter filter, long origin, long width) {
        if (scan.isEmpty()) {
            return List.of();
        }
        StringBuilder inner = new StringBuilder("SELECT venue, symbol, price, quantity, t - ? AS d, ")
            .append("{'t': t, 'i': journal_index, 'r': journal_record} AS k FROM ").append(source());
        List<Object> params = new ArrayList<>();
        params.add(origin);
        params.add(scan.files());
        where(inner, params, filter);
        String sql = "SELECT venue, symbol, b, n, vol, pv, lo, hi, o, fk.t, fk.i, fk.r, c, lk.t, lk.i, lk.r FROM ("
            + "SELECT venue, symbol, ? + d - (((d % ?) + ?) % ?) AS b, count(*) AS n, sum(CAST(" + scaled("quantity") + " AS HUGEINT)) AS vol,"
            + " sum(CAST(" + scaled("price") + " AS HUGEINT) * " + scaled("quantity") + ") AS pv, " + scaled("min(price)") + " AS lo, " + scaled("max(price)") + " AS hi,"
            + " arg_min(" + scaled("price") + ", k) AS o, min(k) AS fk, arg_max(" + scaled("price") + ", k) AS c,"
            + " max(k) AS lk FROM (" + inner + ") GROUP BY venue, symbol, b)";
        List<Object> all = new ArrayList<>();
        all.add(origin);
        all.add(width);
        all.add(width);
        all.add(width);
        all.addAll(params);
        List<ColdBar> bars = new ArrayList<>();
        run(sql, all, rs -> bars.add(new ColdBar(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
            integer(rs.getString(5)), integer(rs.getString(6)), rs.getLong(7), rs.getLong(8),
            rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getInt(12), rs.getLong(13), rs.getLong(14),
            rs.getLong(15), rs.getInt(16))));
        return bars;
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

    private static String scaled(String column) {
        return String.format(SCALED, column);
    }

    /** A HUGEINT sum read as text: exact whatever the JDBC driver maps HUGEINT to. */
    private static BigInteger integer(String value) {
        return value == null ? BigInteger.ZERO : new BigInteger(value);
    }

    private static Side side(String text) {
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
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                if (p instanceof List<?> list) {
                    ps.setObject(i + 1, c.createArrayOf("VARCHAR", list.toArray()));
                } else {
                    ps.setObject(i + 1, p);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException | RuntimeException e) {
            failures.incrementAndGet();
            throw new QueryException(ErrorCode.INTERNAL, "the cold tier failed to read its Parquet files: "
                + e.getMessage() + " (a file may have been removed by maintenance: retry; if it persists, run k2 cold stats)",
                e);
        } finally {
            pool.giveBack(c);
        }
    }
}
