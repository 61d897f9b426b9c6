package dev.k2.persistence.cold;

import dev.k2.config.ConfigException;
import dev.k2.config.K2Config;
import dev.k2.config.K2Settings;
import dev.k2.config.Secrets;
import dev.k2.persistence.DataDirectory;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the cold tables live and when a batch closes, resolved against a data directory.
 *
 * @param catalogUri  JDBC URL or REST URL of the Iceberg catalog
 * @param warehouse   where table files are written (a directory or a file-system URI)
 * @param batchRows   a batch closes after this many rows (trades and quotes together)
 * @param batchBytes  ...or after this many journal bytes of ticks
 * @param batchAgeMs  ...or this long after its first tick was read
 * @param s3          how to reach an {@code s3://} warehouse (ignored for others)
 */
public record ColdSettings(String catalogUri, String warehouse, int batchRows, long batchBytes, long batchAgeMs,
                           S3 s3) {
    /**
     * An S3 (or S3-compatible) warehouse: written and read through Iceberg's {@code S3FileIO}, with
     * the AWS SDK's default credential chain (environment, system properties, profile files).
     *
     * @param endpoint   empty: AWS's endpoint for the region; else an http(s):// URL
     * @param region     the bucket's region
     * @param pathStyle  bucket in the path rather than the host name
     */
    public record S3(String endpoint, String region, boolean pathStyle) {
        public static final S3 AWS_DEFAULT = new S3("", "us-east-1", false);
    }

    public static final String CATALOG_FILE = "catalog.db";
    public static final String WAREHOUSE_DIR = "warehouse";

    /** The settings of {@code config}; empty catalog and warehouse settings derive from the data directory. */
    public static ColdSettings from(K2Config config, DataDirectory dir) {
        Path cold = dir.cold().toAbsolutePath().normalize();
        String uri = config.get(K2Settings.COLD_CATALOG_URI);
        String warehouse = config.get(K2Settings.COLD_WAREHOUSE);
        boolean rest = uri.startsWith("http://") || uri.startsWith("https://");
        if (!uri.isEmpty() && !uri.startsWith("jdbc:sqlite:") && !rest && warehouse.isEmpty()) {
            // two catalogs over one folder would see each other's files as orphans, and remove them
            throw new ConfigException(List.of("cold.catalog.uri names a shared catalog (" + Secrets.redact(uri) + ") but cold.warehouse"
                + " is empty: set cold.warehouse to a folder or object-store URI of this catalog's own, e.g."
                + " file:///data/k2-warehouse or s3://bucket/k2"));
        }
        return new ColdSettings(
            uri.isEmpty() ? "jdbc:sqlite:" + cold.resolve(CATALOG_FILE) : uri,
            warehouse.isEmpty() ? (rest ? "" : cold.resolve(WAREHOUSE_DIR).toUri().toString()) : warehouse,
            config.get(K2Settings.COLD_BATCH_ROWS), config.get(K2Settings.COLD_BATCH_BYTES),
            config.get(K2Settings.COLD_BATCH_AGE_MS), new S3(config.get(K2Settings.COLD_S3_ENDPOINT),
                config.get(K2Settings.COLD_S3_REGION), Boolean.parseBoolean(config.get(K2Settings.COLD_S3_PATH_STYLE))));
    }

    /** The embedded default: SQLite catalog and local warehouse under {@code DIR/cold}. */
    public static ColdSettings embedded(DataDirectory dir) {
        return from(K2Config.defaults(), dir);
    }

    public ColdSettings withBatchRows(int rows) {
        return new ColdSettings(catalogUri, warehouse, rows, batchBytes, batchAgeMs, s3);
    }

    public boolean embeddedSqlite() {
        return catalogUri.startsWith("jdbc:sqlite:");
    }

    /** True when the tables' files are in object storage ({@code s3://}, {@code s3a://}): Iceberg's S3FileIO. */
    public boolean objectStorage() {
        return warehouse.startsWith("s3://") || warehouse.startsWith("s3a://");
    }

    public boolean rest() {
        return catalogUri.startsWith("http://") || catalogUri.startsWith("https://");
    }
}
