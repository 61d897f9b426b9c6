package dev.k2.query.api;

/**
 * Sizes and freshness of one table's view: rows in the cold snapshot and in the hot tier, the cold
 * watermark (journal index, -1 for none), the journal end, and how far cold trails the journal.
 */
public record StatsRow(String table, long coldRows, long hotRows, long snapshotId, long watermark, long journalEnd,
                       long lagRecords, double lagSeconds) {
}
