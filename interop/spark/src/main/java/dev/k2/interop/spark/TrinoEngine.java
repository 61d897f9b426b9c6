package dev.k2.interop.spark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** A running Trino server (its JDBC driver), whose catalog {@code k2} is K2's Iceberg catalog. */
final class TrinoEngine implements Engine {
    private final Connection connection;

    TrinoEngine(String url) {
        Properties properties = new Properties();
        properties.setProperty("user", "k2-read-check");
        properties.setProperty("timezone", "UTC");
        try {
            long started = System.nanoTime();
            connection = DriverManager.getConnection(url, properties);
            System.out.printf("== trino %s at %s, connected in %d ms%n", connection.getMetaData().getDatabaseProductVersion(),
                url, ReadCheck.ms(started));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to Trino at " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "Trino";
    }

    @Override
    public List<Object[]> rows(String sql) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            List<Object[]> rows = new ArrayList<>();
            while (rs.next()) {
                Object[] values = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    values[i] = rs.getObject(i + 1);
                }
                rows.add(values);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Trino failed on: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** {@code k2.k2.trades} becomes {@code k2.k2."trades$suffix"}. */
    private static String metadataTable(String table, String suffix) {
        int dot = table.lastIndexOf('.');
        return table.substring(0, dot + 1) + "\"" + table.substring(dot + 1) + "$" + suffix + "\"";
    }

    @Override
    public String snapshots(String table) {
        return metadataTable(table, "snapshots");
    }

    @Override
    public String files(String table) {
        return metadataTable(table, "files");
    }

    @Override
    public String versionAsOf(String table, long id) {
        return table + " FOR VERSION AS OF " + id;
    }

    @Override
    public String mapValue(String column, String key) {
        return "element_at(" + column + ", '" + key + "')";
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a client connection loses nothing
        }
    }
}
