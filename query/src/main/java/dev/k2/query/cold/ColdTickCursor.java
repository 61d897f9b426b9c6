package dev.k2.query.cold;

import dev.k2.engine.tick.Side;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.TickRow;
import dev.k2.query.api.TradeRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.duckdb.DuckDBChunkedResult;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBReadableVector;

/**
 * The rows of one cold tick statement, read a DuckDB data chunk (up to 2,048 rows) at a time as
 * the result is consumed, on a connection of its own. Values come straight from the chunk's column
 * vectors ({@link DuckDBChunkedResult}), not through JDBC's row-at-a-time getters (and with no
 * object per value: decimals arrive already scaled to longs, see {@link ColdReader}).
 *
 * <p>Columns, as {@link ColdReader#openTicks} selects them: 1 instrument hash (BIGINT) or venue
 * (VARCHAR), 2 symbol (VARCHAR, or a constant 0 with the hash), 3 channel, 4 exchange time µs,
 * 5 receive time µs, 6 source_seq (null: none), then trades: 7 trade_id (null: none), 8 side (code,
 * or text without the hash), 9 price, 10 quantity; quotes: 7-10 bid price, bid size, ask price, ask
 * size; then 11 conditions, 12 journal_index, 13 journal_record.
 *
 * <p>Not thread-safe: read and close it on one thread at a time (the owner serialises close with reads).
 */
public final class ColdTickCursor implements AutoCloseable {
    private static final int COLUMNS = 13;

    private final DuckDbPool pool;
    private final Connection connection;
    private final PreparedStatement statement;
    private final DuckDBChunkedResult result;
    private final boolean trades;
    private final ColdInstruments names;
    private final DuckDBReadableVector[] columns = new DuckDBReadableVector[COLUMNS];
    private long row;
    private long rows;
    private boolean closed;

    ColdTickCursor(DuckDbPool pool, Connection connection, PreparedStatement statement, DuckDBChunkedResult result,
                   boolean trades, ColdInstruments names) {
        this.pool = pool;
        this.connection = connection;
        this.statement = statement;
        this.result = result;
        this.trades = trades;
        this.names = names;
    }

    /** The next row, or null at the end (the cursor then closes itself). */
    public TickRow next() {
        if (closed) {
            return null;
        }
        try {
            if (row == rows && !nextChunk()) {
                close();
                return null;
            }
            return read(row++);
        } catch (SQLException | DuckDBFunctions.FunctionException e) {
            close();
            throw new QueryException(ErrorCode.INTERNAL,
                "the cold tier failed while reading its Parquet files: " + e.getMessage(), e);
        }
    }

    private boolean nextChunk() throws SQLException {
        while (result.nextChunk()) {
            DuckDBDataChunkReader chunk = result.chunk();
            if (chunk.rowCount() == 0) {
                continue;
            }
            for (int c = 0; c < COLUMNS; c++) {
                columns[c] = chunk.vector(c);
            }
            row = 0;
            rows = chunk.rowCount();
            return true;
        }
        return false; // the result is materialised when the statement runs, which is where DuckDB reports errors
    }

    private TickRow read(long r) throws SQLException {
        DuckDBReadableVector[] v = columns;
        String venue;
        String symbol;
        if (names == null) {
            venue = v[0].getString(r);
            symbol = v[1].getString(r);
        } else {
            String[] vs = names.get(v[0].getLong(r));
            if (vs == null) {
                throw new SQLException("a cold row's instrument is missing from the scan's instrument list");
            }
            venue = vs[0];
            symbol = vs[1];
        }
        long sourceSeq = v[5].getLong(r, TickRow.NONE);
        if (trades) {
            Side side = names == null ? ColdReader.side(v[7].getString(r)) : Side.ofCode(v[7].getInt(r));
            return new TradeRow(venue, symbol, v[2].getInt(r), v[3].getLong(r), v[4].getLong(r), sourceSeq,
                v[6].getLong(r, TickRow.NONE), side, v[8].getLong(r), v[9].getLong(r), v[10].getInt(r),
                v[11].getLong(r), v[12].getInt(r));
        }
        return new QuoteRow(venue, symbol, v[2].getInt(r), v[3].getLong(r), v[4].getLong(r), sourceSeq,
            v[6].getLong(r), v[7].getLong(r), v[8].getLong(r), v[9].getLong(r), v[10].getInt(r),
            v[11].getLong(r), v[12].getInt(r));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            result.close();
            statement.close();
        } catch (SQLException e) {
            // the connection is closed next, which frees what the statement held
        } finally {
            pool.closeStream(connection);
        }
    }
}
