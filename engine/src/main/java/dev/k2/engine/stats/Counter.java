package dev.k2.engine.stats;

/** Every counter the engine keeps. Each has exactly one writer (named here); any thread may read. */
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
    /** Rejected input written to the dead-letter journal (writer: the feed). */
    DEAD_LETTERS("dead_letters"),
    /** Input records read by a feed, good or bad (writer: the feed). */
    READ("read");

    private final String metricName;

    Counter(String metricName) {
        this.metricName = metricName;
    }

    public String metricName() {
        return metricName;
    }
}
