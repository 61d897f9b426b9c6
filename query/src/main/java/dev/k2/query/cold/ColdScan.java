package dev.k2.query.cold;

import java.util.List;

/**
 * The data files of one snapshot that can hold rows matching a query, as planned by Iceberg.
 *
 * @param files      local paths or URIs of the Parquet files DuckDB reads
 * @param totalFiles data files in the snapshot (for pruning statistics)
 */
public record ColdScan(ColdView view, List<String> files, long totalFiles) {
    public boolean isEmpty() {
        return files.isEmpty();
    }
}
