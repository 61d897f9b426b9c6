package dev.k2.query.cold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdCatalog;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.ColdTable;
import dev.k2.persistence.cold.Watermark;
import dev.k2.query.api.AsOf;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ColdTables keeps the watermark's tables loaded and refreshes them in place: it still sees every
 * commit made by another catalog client (the writer), and a table dropped, or dropped and created
 * again between two refreshes, is loaded anew.
 */
class ColdTablesTest {
    @TempDir
    Path root;

    @Test
    void aTableLoadedOnceFollowsNewCommitsAndIsLoadedAnewAfterADropAndCreate() {
        DataDirectory dir = new DataDirectory(root.resolve("data"));
        ColdSettings settings = ColdSettings.embedded(dir);
        try (ColdCatalog writer = ColdCatalog.open(settings);
             ColdTables tables = new ColdTables(settings, root.resolve("remote-cache"))) {
            writer.createIfMissing(ColdTable.TRADES);
            writer.createIfMissing(ColdTable.QUOTES);
            assertThat(tables.resolve(ColdTable.TRADES, AsOf.LATEST).isEmpty()).isTrue();
            assertThat(tables.lowestWatermark()).isEqualTo(Watermark.NONE);

            commit(writer, ColdTable.TRADES, 41);
            commit(writer, ColdTable.QUOTES, 40);
            ColdView first = tables.resolve(ColdTable.TRADES, AsOf.LATEST);
            assertThat(first.watermark()).isEqualTo(41);
            assertThat(tables.lowestWatermark()).isEqualTo(40);

            commit(writer, ColdTable.TRADES, 77);
            commit(writer, ColdTable.QUOTES, 77);
            ColdView second = tables.resolve(ColdTable.TRADES, AsOf.LATEST);
            assertThat(second.snapshotId()).isNotEqualTo(first.snapshotId());
            assertThat(second.watermark()).isEqualTo(77);
            assertThat(tables.lowestWatermark()).isEqualTo(77);

            Catalog other = CatalogUtil.buildIcebergCatalog(ColdCatalog.NAME, ColdCatalog.catalogProperties(settings), new Configuration());
            assertThat(other.dropTable(ColdTable.TRADES.identifier(), true)).isTrue();
            assertThat(tables.resolve(ColdTable.TRADES, AsOf.LATEST).isEmpty())
                .as("the dropped table is gone, not served from the copy loaded before")
                .isTrue();
            writer.createIfMissing(ColdTable.TRADES);
            commit(writer, ColdTable.TRADES, 5);
            assertThat(tables.resolve(ColdTable.TRADES, AsOf.LATEST).watermark()).isEqualTo(5);
            assertThat(tables.lowestWatermark()).isEqualTo(5);

            // dropped and created again between two refreshes, as 'k2 cold rebuild' does: a new table (UUID)
            assertThat(other.dropTable(ColdTable.QUOTES.identifier(), true)).isTrue();
            writer.createIfMissing(ColdTable.QUOTES);
            assertThat(tables.lowestWatermark()).as("the new, empty table").isEqualTo(Watermark.NONE);
            commit(writer, ColdTable.QUOTES, 9);
            assertThat(tables.lowestWatermark()).isEqualTo(5);
            assertThat(tables.resolve(ColdTable.QUOTES, AsOf.LATEST).watermark()).isEqualTo(9);
        }
    }

    /** An empty append that carries a watermark, as the cold writer's commits do. */
    private static void commit(ColdCatalog catalog, ColdTable table, long watermark) {
        catalog.existing(table).newAppend().set(Watermark.SUMMARY_KEY, Long.toString(watermark)).commit();
    }
}
