package dev.k2.query.cold;

import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.QueryException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB for the cold tier: one in-memory database per process (its native library unpacks once,
 * BUILD-NOTES 9), opened with extension auto-install and auto-load off (BUILD-NOTES 7), and a small
 * pool of connections duplicated from it, one per concurrent statement (a DuckDB connection runs one
 * statement at a time). {@link #borrow} waits for a free one and fails UNAVAILABLE when none frees up.
 */
public final class DuckDbPool implements AutoCloseable {
    private static final long BORROW_TIMEOUT_MS = 30_000;
    static final int MAX_STREAMS = 64;
    private static DuckDBConnection root;

    private final BlockingQueue<Connection> free;
    private final List<Connection> all = new ArrayList<>();
    private final Semaphore streams = new Semaphore(MAX_STREAMS);

    public DuckDbPool(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("the cold tier needs at least one DuckDB connection: " + connections);
        }
        free = new ArrayBlockingQueue<>(connections);
        try {
            DuckDBConnection database = root();
            for (int i = 0; i < connections; i++) {
                Connection c = database.duplicate();
                all.add(c);
                free.add(c);
            }
        } catch (SQLException e) {
            close();
            throw new QueryException(ErrorCode.UNAVAILABLE, "cannot open DuckDB for the cold tier: " + e.getMessage()
                + " (java.io.tmpdir must be writable and allow executables: DuckDB unpacks its native library there)", e);
        }
    }

    private static synchronized DuckDBConnection root() throws SQLException {
        if (root == null) {
            Properties properties = new Properties();
            properties.setProperty("autoinstall_known_extensions", "false");
            properties.setProperty("autoload_known_extensions", "false");
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", properties);
        }
        return root;
    }

    /** A connection for one statement; give it back with {@link #giveBack}. */
    Connection borrow() {
        try {
            Connection c = free.poll(BORROW_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (c == null) {
                throw new QueryException(ErrorCode.UNAVAILABLE, "every cold reader stayed busy for "
                    + BORROW_TIMEOUT_MS + " ms: retry, or raise the number of DuckDB connections");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryException(ErrorCode.CANCELLED, "interrupted while waiting for a cold reader", e);
        }
    }

    void giveBack(Connection c) {
        free.add(c);
    }

    /**
     * A connection of its own for one streamed result (read at the client's pace, so it may stay open
     * long): duplicated from the database, closed by {@link #closeStream}. At most {@value #MAX_STREAMS}
     * at once; beyond that the query fails UNAVAILABLE rather than wait behind slow readers.
     */
    Connection openStream() {
        if (!streams.tryAcquire()) {
            throw new QueryException(ErrorCode.UNAVAILABLE, MAX_STREAMS
                + " cold results are being read already: retry when one finishes, or read smaller pages");
        }
        try {
            return root().duplicate();
        } catch (SQLException e) {
            streams.release();
            throw new QueryException(ErrorCode.UNAVAILABLE, "cannot open a DuckDB connection: " + e.getMessage(), e);
        }
    }

    void closeStream(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // a duplicate of an in-memory database holds no data of its own
        } finally {
            streams.release();
        }
    }

    @Override
    public void close() {
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing a duplicate of an in-memory database cannot lose data; the root stays open
            }
        }
        all.clear();
    }
}
