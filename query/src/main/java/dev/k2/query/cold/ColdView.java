package dev.k2.query.cold;

import dev.k2.persistence.cold.ColdTable;
import dev.k2.persistence.cold.Watermark;
import org.apache.iceberg.Table;

/**
 * One cold table as of one snapshot: what a query reads from the cold tier.
 *
 * @param iceberg    the table, or null when it does not exist (yet)
 * @param snapshotId the snapshot, or -1 when the table has none (the cold part is empty)
 * @param watermark  the journal index the snapshot holds everything up to, or -1
 */
public record ColdView(ColdTable table, Table iceberg, long snapshotId, long watermark) {
    public static ColdView empty(ColdTable table) {
        return new ColdView(table, null, -1, Watermark.NONE);
    }

    public boolean isEmpty() {
        return snapshotId < 0;
    }

    /** Rows in the snapshot, from its summary (0 when empty). */
    public long rows() {
        if (isEmpty()) {
            return 0;
        }
        String total = iceberg.snapshot(snapshotId).summary().get("total-records");
        return total == null ? 0 : Long.parseLong(total);
    }
}
