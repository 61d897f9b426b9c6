package dev.k2.persistence.cold;

import dev.k2.config.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * The Iceberg catalog of the cold tables ({@link ColdTable}) in namespace {@code k2}. Which catalog is
 * configuration ({@link ColdSettings}): the embedded default is Iceberg's {@code JdbcCatalog} on an
 * SQLite file in {@code DIR/cold/catalog.db} with the warehouse in {@code DIR/cold/warehouse}; a
 * {@code jdbc:postgresql:} URL selects the same catalog on PostgreSQL, an {@code http(s)://} URL an
 * Iceberg REST catalog. Spark and Trino open the same tables through the same catalog properties
 * ({@link #properties()}).
 */
public final class ColdCatalog implements AutoCloseable {
    public static final String NAME = "k2";
    public static final Namespace NAMESPACE = Namespace.of("k2");
    /**
     * {@code write.target-file-size-bytes} of the tables k2 creates: 128 MiB, not Iceberg's 512 MiB
     * default, so that compaction ({@link ColdMaintenance}) makes files of 64 to 134 MiB from a
     * partition (one venue's day) of a few hundred MB: big enough for scans, small enough to prune.
     */
    public static final long TARGET_FILE_BYTES = 128L << 20;

    private final ColdSettings settings;
    private final Map<String, String> properties;
    private final Catalog catalog;

    private ColdCatalog(ColdSettings settings, Map<String, String> properties, Catalog catalog) {
        this.settings = settings;
        this.properties = properties;
        this.catalog = catalog;
    }

    /** Opens (and for the embedded catalog, creates) the catalog; creates nothing in it. */
    public static ColdCatalog open(ColdSettings settings) {
        Map<String, String> properties = catalogProperties(settings);
        if (!settings.rest() && LocalFileIO.isLocal(settings.warehouse())) {
            // this process only: Spark and Trino open the same files with their own file IO
            properties.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
        }
        if (settings.embeddedSqlite()) {
            Path file = Path.of(settings.catalogUri().substring("jdbc:sqlite:".length()));
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the cold catalog directory for " + file + ": "
                    + e.getMessage() + " (check permissions, or set cold.catalog.uri)", e);
            }
        }
        Catalog catalog;
        try {
            catalog = CatalogUtil.buildIcebergCatalog(NAME, properties, new Configuration());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the Iceberg catalog at " + Secrets.redact(settings.catalogUri())
                + ": " + Secrets.redact(rootMessage(e)) + " (check cold.catalog.uri; a JDBC catalog other than SQLite needs its driver"
                + " on the class path)", e);
        }
        return new ColdCatalog(settings, properties, catalog);
    }

    /** Catalog properties: what this process opens, and what a Spark or Trino user passes to open the same tables. */
    public static Map<String, String> catalogProperties(ColdSettings settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(CatalogUtil.ICEBERG_CATALOG_TYPE,
            settings.rest() ? CatalogUtil.ICEBERG_CATALOG_TYPE_REST : CatalogUtil.ICEBERG_CATALOG_TYPE_JDBC);
        properties.put(CatalogProperties.URI, settings.catalogUri());
        if (!settings.warehouse().isEmpty()) { // a REST catalog may place tables itself
            properties.put(CatalogProperties.WAREHOUSE_LOCATION, settings.warehouse());
        }
        if (!settings.rest()) {
            properties.put("jdbc.schema-version", "V1");
        }
        if (settings.embeddedSqlite()) {
            properties.put(CatalogProperties.CLIENT_POOL_SIZE, "1"); // SQLite: one writer connection
        }
        if (settings.objectStorage()) {
            // Iceberg's own FileIO for S3; the JDK's HTTP client (the SDK's Apache and Netty clients are not shipped)
            properties.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
            properties.put("http-client.type", "urlconnection");
            properties.put("client.region", settings.s3().region());
            if (!settings.s3().endpoint().isEmpty()) {
                properties.put("s3.endpoint", settings.s3().endpoint());
            }
            properties.put("s3.path-style-access", Boolean.toString(settings.s3().pathStyle()));
        }
        return properties;
    }

    public Map<String, String> properties() {
        return java.util.Collections.unmodifiableMap(properties);
    }

    public ColdSettings settings() {
        return settings;
    }

    /** The table, created (with its namespace) when it does not exist yet. */
    public Table createIfMissing(ColdTable table) {
        return createIfMissing(table.identifier(), table.schema(), table.spec(), table.sortOrder());
    }

    /** {@code k2.gaps}, created when it does not exist yet. */
    public Table createGapsIfMissing() {
        return createIfMissing(GapTable.IDENTIFIER, GapTable.SCHEMA, GapTable.SPEC, GapTable.SORT_ORDER);
    }

    /** {@code k2.gaps}, or null when it was never created. */
    public Table existingGaps() {
        try {
            return catalog.loadTable(GapTable.IDENTIFIER);
        } catch (NoSuchTableException e) {
            return null;
        }
    }

    void dropGaps() {
        catalog.dropTable(GapTable.IDENTIFIER, true);
    }

    private Table createIfMissing(TableIdentifier identifier, Schema schema, PartitionSpec spec, SortOrder sortOrder) {
        if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(NAMESPACE)) {
            try {
                namespaces.createNamespace(NAMESPACE);
            } catch (AlreadyExistsException raced) {
                // another writer created it between the check and the create: the namespace exists
            }
        }
        if (catalog.tableExists(identifier)) {
            return catalog.loadTable(identifier);
        }
        Map<String, String> tableProperties = new LinkedHashMap<>();
        tableProperties.put(TableProperties.FORMAT_VERSION, Integer.toString(ColdSchema.FORMAT_VERSION));
        tableProperties.put(TableProperties.DEFAULT_FILE_FORMAT, "parquet");
        tableProperties.put(TableProperties.PARQUET_COMPRESSION, "zstd");
        tableProperties.put(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(TARGET_FILE_BYTES));
        tableProperties.put("write.metadata.metrics.column." + ColdSchema.SYMBOL, "full");
        return catalog.buildTable(identifier, schema)
            .withPartitionSpec(spec)
            .withSortOrder(sortOrder)
            .withProperties(tableProperties)
            .create();
    }

    /** The table, or null when it was never created. */
    public Table existing(ColdTable table) {
        try {
            return catalog.loadTable(table.identifier());
        } catch (NoSuchTableException e) {
            return null;
        }
    }

    /** Drops the table and deletes its files; does nothing when it does not exist. */
    void drop(ColdTable table) {
        catalog.dropTable(table.identifier(), true);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        if (catalog instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the Iceberg catalog: " + e.getMessage(), e);
            }
        }
    }
}
