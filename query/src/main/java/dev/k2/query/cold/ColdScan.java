package dev.k2.query.cold;

import dev.k2.query.api.TickFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * The data files of one snapshot that can hold rows matching a query, as planned by Iceberg, with
 * each file's exchange-time bounds and row count from the manifests (for reading in time windows).
 *
 * @param files      local paths or URIs of the Parquet files DuckDB reads
 * @param totalFiles data files in the snapshot (for pruning statistics)
 * @param details    the same files with their bounds, in the same order
 */
public record ColdScan(ColdView view, List<String> files, long totalFiles, List<ColdFile> details) {
    /**
     * One planned file: exchange times in {@code [minMicros, maxMicros]} (the full range when the
     * manifest has no bounds) and its row count.
     */
    public record ColdFile(String path, long minMicros, long maxMicros, long rows) {
    }

    public ColdScan {
        files = List.copyOf(files);
        details = List.copyOf(details);
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** The files that can hold exchange times in {@code [from, to)}. */
    public ColdScan overlapping(long from, long to) {
        List<String> paths = new ArrayList<>();
        List<ColdFile> kept = new ArrayList<>();
        for (ColdFile f : details) {
            if (f.maxMicros() >= from && f.minMicros() < to) {
                paths.add(f.path());
                kept.add(f);
            }
        }
        return new ColdScan(view, paths, totalFiles, kept);
    }

    /**
     * The end of a time window starting at {@code from} (oldest first) that holds about
     * {@code budgetRows} rows by the manifests' counts: the smallest file end past {@code from}
     * where the files begun so far reach the budget, or {@link TickFilter#MAX_TIME}.
     */
    public long windowEnd(long from, long budgetRows) {
        List<Long> ends = new ArrayList<>();
        for (ColdFile f : details) {
            if (f.maxMicros() >= from && f.maxMicros() < TickFilter.MAX_TIME) {
                ends.add(f.maxMicros() + 1);
            }
        }
        ends.sort(null);
        for (long end : ends) {
            long rows = 0;
            for (ColdFile f : details) {
                if (f.maxMicros() >= from && f.minMicros() < end) {
                    rows += f.rows();
                }
            }
            if (rows >= budgetRows) {
                return end;
            }
        }
        return TickFilter.MAX_TIME;
    }

    /** As {@link #windowEnd} for newest first: the start of a window ending (exclusive) at {@code to}. */
    public long windowStart(long to, long budgetRows) {
        List<Long> starts = new ArrayList<>();
        for (ColdFile f : details) {
            if (f.minMicros() < to && f.minMicros() > TickFilter.MIN_TIME) {
                starts.add(f.minMicros());
            }
        }
        starts.sort(java.util.Collections.reverseOrder());
        for (long start : starts) {
            long rows = 0;
            for (ColdFile f : details) {
                if (f.minMicros() < to && f.maxMicros() >= start) {
                    rows += f.rows();
                }
            }
            if (rows >= budgetRows) {
                return start;
            }
        }
        return TickFilter.MIN_TIME;
    }
}
