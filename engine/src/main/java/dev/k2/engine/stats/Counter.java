package dev.k2.engine.stats;

/**
 * Every counter the engine keeps. Stage counters have exactly one writer (named here); feed counters
 * may have several and say so ({@link #sharedByWriters()}). Any thread may read.
 */
public enum Counter {
    /** Ticks that reached the dedup stage (writer: dedup). */
    TICKS_IN("ticks_in"),
    /** writer: sequence check, for these six. */
    IN_ORDER("in_order"),
    GAPS("gaps"),
    GAP_MISSING("gap_missing_numbers"),
    DUPLICATES("duplicates"),
    OUT_OF_ORDER("out_of_order"),
    RESETS("resets"),
    UNSEQUENCED("unsequenced"),
    /** Ticks appended to the journal (writer: journal stage). */
    ACCEPTED("accepted"),
    /** Marker records appended: gap, reset, duplicate-run (writer: journal stage). */
    MARKERS("markers"),
    /** Journal flushes, one per ring batch (writer: journal stage). */
    JOURNAL_FLUSHES("journal_flushes"),
    /** Rejected input written to the dead-letter journal (writers: every feed, so atomic). */
    DEAD_LETTERS("dead_letters", true),
    /** Input records read by feeds, good or bad (writers: every feed, so atomic). */
    READ("read", true);

    private final String metricName;
    private final boolean sharedByWriters;

    Counter(String metricName) {
        this(metricName, false);
    }

    Counter(String metricName, boolean sharedByWriters) {
        this.metricName = metricName;
        this.sharedByWriters = sharedByWriters;
    }

    /** True for counters that several threads (feeds) write: incremented with an atomic add. */
    public boolean sharedByWriters() {
        return sharedByWriters;
    }

    public String metricName() {
        return metricName;
    }
}
