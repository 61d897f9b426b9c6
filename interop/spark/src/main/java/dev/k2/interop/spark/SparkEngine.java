package dev.k2.interop.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Spark (local, loopback only) with Iceberg's Spark runtime, the catalog configured as {@code k2}. */
final class SparkEngine implements Engine {
    private final SparkSession spark;

    SparkEngine(String catalog, Map<String, String> properties) {
        SparkSession.Builder builder = SparkSession.builder()
            .appName("k2-read-check")
            .master(System.getProperty("k2.spark.master", "local[2]"))
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
            .config("spark.sql.catalog." + catalog, "org.apache.iceberg.spark.SparkCatalog");
        System.out.println("== catalog (as k2 cold catalog printed it)");
        properties.forEach((k, v) -> {
            builder.config("spark.sql.catalog." + catalog + "." + k, v);
            System.out.println("spark.sql.catalog." + catalog + "." + k + "=" + (k.equals("uri") ? ReadCheck.redact(v) : v));
        });
        long started = System.nanoTime();
        spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        System.out.printf("spark %s, session up in %d ms%n", spark.version(), ReadCheck.ms(started));
    }

    @Override
    public String name() {
        return "Spark";
    }

    @Override
    public List<Object[]> rows(String sql) {
        List<Object[]> rows = new ArrayList<>();
        for (Row r : spark.sql(sql).collectAsList()) {
            Object[] values = new Object[r.length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = r.get(i);
            }
            rows.add(values);
        }
        return rows;
    }

    @Override
    public String snapshots(String table) {
        return table + ".snapshots";
    }

    @Override
    public String files(String table) {
        return table + ".files";
    }

    @Override
    public String versionAsOf(String table, long id) {
        return table + " VERSION AS OF " + id;
    }

    @Override
    public String mapValue(String column, String key) {
        return column + "['" + key + "']";
    }

    @Override
    public void close() {
        spark.stop();
    }
}
