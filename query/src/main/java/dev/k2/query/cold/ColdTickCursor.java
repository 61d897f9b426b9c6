package dev.k2.query.cold;

import dev.k2.query.api.QueryException;
import dev.k2.query.api.TickRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The rows of one cold tick statement, read one at a time as the result is consumed, on a
 * connection of its own. Not thread-safe: read and close it on one thread at a
 * time (the owner serialises close with reads).
 */
public final class ColdTickCursor implements AutoCloseable {
    private final DuckDbPool pool;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final boolean trades;
    private final ColdInstruments names;
    private boolean closed;

    ColdTickCursor(DuckDbPool pool, Connection connection, PreparedStatement statement, ResultSet rows, boolean trades,
                   ColdInstruments names) {
        this.pool = pool;
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.trades = trades;
        this.names = names;
    }

    /** The next row, or null at the end (the cursor then closes itself). */
    public TickRow next() {
        if (closed) {
            return null;
        }
        try {
            if (!rows.next()) {
                close();
                return null;
            }
            return ColdReader.row(rows, trades, names);
        } catch (SQLException e) {
            close();
            throw new QueryException(dev.k2.query.api.ErrorCode.INTERNAL,
                "the cold tier failed while reading its Parquet files: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            rows.close();
            statement.close();
        } catch (SQLException e) {
            // the connection is closed next, which frees what the statement held
        } finally {
            pool.closeStream(connection);
        }
    }
}
