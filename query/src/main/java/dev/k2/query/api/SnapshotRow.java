package dev.k2.query.api;

/** One Iceberg snapshot of a table: id, commit time, the journal watermark it carries, rows added. */
public record SnapshotRow(String table, long snapshotId, long committedAtMicros, long watermark, long addedRows,
                          String operation) {
}
