package dev.k2.interop.spark;

import java.util.List;

/**
 * An SQL engine that opens K2's cold tables through their Iceberg catalog, as {@link ReadCheck}
 * queries it: rows as arrays of Java values (counts as {@code Long}, decimals as {@code BigDecimal},
 * strings as {@code String}), and the few places where the dialects differ.
 */
interface Engine extends AutoCloseable {
    /** For messages: "Spark", "Trino". */
    String name();

    List<Object[]> rows(String sql);

    /** The table of a table's snapshots ({@code committed_at, snapshot_id, operation, summary}). */
    String snapshots(String table);

    /** The table of a table's data files (with {@code partition.exchange_time_day}). */
    String files(String table);

    /** {@code table} as it was at snapshot {@code id}, for a FROM clause. */
    String versionAsOf(String table, long id);

    /** The value of {@code key} in the string map {@code column}, null when absent. */
    String mapValue(String column, String key);

    @Override
    void close();
}
