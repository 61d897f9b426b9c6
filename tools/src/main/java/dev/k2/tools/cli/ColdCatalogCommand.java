package dev.k2.tools.cli;

import dev.k2.config.Secrets;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdCatalog;
import dev.k2.persistence.cold.ColdSettings;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "catalog", mixinStandardHelpOptions = true,
    description = {
        "Print what Spark or Trino need to open the cold tables through the same Iceberg catalog.",
        "The catalog properties (type, uri, warehouse, jdbc.schema-version), spark-sql --conf lines for a",
        "catalog named k2 (the JDBC catalog keeps its tables under that name), and a Trino catalog file.",
        "Reads the configuration only; opens nothing."})
public final class ColdCatalogCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        DataDirectory dir = common.dataDirectory();
        ColdSettings settings = ColdSettings.from(common.config(), dir);
        Map<String, String> properties = ColdCatalog.catalogProperties(settings);
        if (common.json()) {
            Json json = new Json();
            properties.forEach((k, v) -> json.put(k, Secrets.redact(v)));
            System.out.println(json.put("name", ColdCatalog.NAME).put("tables", "k2.trades,k2.quotes,k2.gaps"));
            return 0;
        }
        System.out.println("# Iceberg catalog properties (catalog name " + ColdCatalog.NAME + ", namespace k2, tables"
            + " k2.trades, k2.quotes and k2.gaps)");
        if (Secrets.holdsSecret(settings.catalogUri())) {
            System.out.println("# the catalog password is shown as " + Secrets.MASK + ": put yours in its place (or use a pgpass file)");
        }
        properties.forEach((k, v) -> System.out.println(k + "=" + Secrets.redact(v)));
        System.out.println();
        System.out.println("# Spark (spark-sql, spark-shell or spark-submit)");
        System.out.println("spark-sql --packages org.apache.iceberg:iceberg-spark-runtime-4.1_2.13:1.12.0"
            + jdbcDriverPackage(settings.catalogUri())
            + (settings.objectStorage() ? ",org.apache.iceberg:iceberg-aws-bundle:1.12.0" : "") + " \\");
        System.out.println("  --conf spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions \\");
        System.out.println("  --conf spark.sql.catalog." + ColdCatalog.NAME + "=org.apache.iceberg.spark.SparkCatalog \\");
        properties.entrySet().stream().filter(e -> !e.getKey().equals("clients")).forEach(e -> System.out.println(
            "  --conf spark.sql.catalog." + ColdCatalog.NAME + "." + e.getKey() + "=" + Secrets.redact(e.getValue()) + " \\"));
        System.out.println("  -e 'SELECT symbol, count(*) FROM " + ColdCatalog.NAME + ".k2.trades GROUP BY symbol'");
        System.out.println();
        System.out.println("# Trino: etc/catalog/" + ColdCatalog.NAME + ".properties");
        System.out.println("connector.name=iceberg");
        if (settings.rest()) {
            System.out.println("iceberg.catalog.type=rest");
            System.out.println("iceberg.rest-catalog.uri=" + Secrets.redact(settings.catalogUri()));
            if (!settings.warehouse().isEmpty()) {
                System.out.println("iceberg.rest-catalog.warehouse=" + settings.warehouse());
            }
        } else {
            System.out.println("iceberg.catalog.type=jdbc");
            System.out.println("iceberg.jdbc-catalog.catalog-name=" + ColdCatalog.NAME);
            System.out.println("iceberg.jdbc-catalog.connection-url=" + Secrets.redact(settings.catalogUri()));
            System.out.println("iceberg.jdbc-catalog.default-warehouse-dir=" + settings.warehouse());
            if (settings.embeddedSqlite()) {
                System.out.println("iceberg.jdbc-catalog.driver-class=org.sqlite.JDBC");
                System.out.println("# Trino ships JDBC drivers for PostgreSQL, MySQL and Oracle, not SQLite: copy sqlite-jdbc");
                System.out.println("# into Trino's plugin/iceberg directory (every node), or share the tables through");
                System.out.println("# cold.catalog.uri=jdbc:postgresql://HOST/DB (then run k2 cold rebuild).");
            }
        }
        if (settings.objectStorage()) {
            System.out.println("# the warehouse is in S3: Trino's native S3 file system (credentials: s3.aws-access-key and");
            System.out.println("# s3.aws-secret-key here, or the AWS default chain on every node)");
            System.out.println("fs.native-s3.enabled=true");
            System.out.println("s3.region=" + settings.s3().region());
            if (!settings.s3().endpoint().isEmpty()) {
                System.out.println("s3.endpoint=" + settings.s3().endpoint());
            }
            System.out.println("s3.path-style-access=" + settings.s3().pathStyle());
        } else if (settings.warehouse().startsWith("file:") || settings.warehouse().startsWith("/")) {
            System.out.println("# the warehouse is a local directory: Trino's local file system (the same path on every node)");
            System.out.println("fs.native-local.enabled=true");
            System.out.println("local.location=/");
        }
        System.out.println("# then: SELECT symbol, count(*) FROM " + ColdCatalog.NAME + ".k2.trades GROUP BY symbol;");
        return 0;
    }

    /** The JDBC driver Spark needs besides Iceberg's runtime for a JDBC catalog at {@code uri} (",group:artifact:version"). */
    static String jdbcDriverPackage(String uri) {
        if (uri.startsWith("jdbc:sqlite:")) {
            return ",org.xerial:sqlite-jdbc:3.54.1.0";
        }
        if (uri.startsWith("jdbc:postgresql:")) {
            return ",org.postgresql:postgresql:42.7.13";
        }
        return "";
    }
}
