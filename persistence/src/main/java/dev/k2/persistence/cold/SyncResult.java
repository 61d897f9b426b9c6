package dev.k2.persistence.cold;

/**
 * What one {@link ColdWriter#sync()} wrote.
 *
 * @param tradeRows   rows appended to {@code k2.trades}
 * @param quoteRows   rows appended to {@code k2.quotes}
 * @param files       Parquet data files written
 * @param fileBytes   their size on disk
 * @param snapshots   snapshots committed (each of the three tables commits one per batch)
 * @param batches     batches closed
 * @param excerpts    journal excerpts read
 * @param watermark   the journal index all tables are complete up to, after the sync ({@link Watermark#NONE} when empty)
 * @param elapsedNs   wall time of the sync
 * @param gapRows     rows (gap markers) appended to {@code k2.gaps}
 */
public record SyncResult(long tradeRows, long quoteRows, int files, long fileBytes, int snapshots, int batches,
                         long excerpts, long watermark, long elapsedNs, long gapRows) {
    public long rows() {
        return tradeRows + quoteRows;
    }

    public long rowsPerSecond() {
        return elapsedNs <= 0 ? 0 : rows() * 1_000_000_000L / elapsedNs;
    }
}
