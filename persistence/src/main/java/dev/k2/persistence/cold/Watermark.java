package dev.k2.persistence.cold;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The exactly-once hand-off from the journal (DESIGN.md 2): every snapshot the writer commits records,
 * in its summary under {@link #SUMMARY_KEY}, the Chronicle index of the last journal excerpt whose
 * ticks the table holds. A snapshot made by anything else (maintenance) has no such entry; the
 * watermark is then that of its nearest ancestor that has one.
 */
public final class Watermark {
    public static final String SUMMARY_KEY = "k2.journal-index";
    /** No journal excerpt yet: the table is empty, a writer starts at the journal's first excerpt. */
    public static final long NONE = -1;

    private Watermark() {
    }

    /** The watermark of the table's current snapshot, or {@link #NONE}. */
    public static long current(Table table) {
        table.refresh();
        Snapshot current = table.currentSnapshot();
        return current == null ? NONE : of(table, current.snapshotId());
    }

    /** The watermark as of one snapshot (time travel), or {@link #NONE}. */
    public static long of(Table table, long snapshotId) {
        for (Snapshot snapshot : SnapshotUtil.ancestorsOf(snapshotId, table::snapshot)) {
            String value = snapshot.summary().get(SUMMARY_KEY);
            if (value != null) {
                try {
                    return Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("snapshot " + snapshot.snapshotId() + " of " + table.name()
                        + " has " + SUMMARY_KEY + " = '" + value + "', not a journal index: the table was committed"
                        + " by something other than k2; rebuild it from the journal", e);
                }
            }
        }
        return NONE;
    }

    /** A journal index as Chronicle and {@code k2 dump} print it. */
    public static String hex(long index) {
        return index < 0 ? "none" : Long.toHexString(index);
    }
}
