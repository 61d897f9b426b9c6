package dev.k2.tools.verify;

/** What verify found for one instrument. Mutable while the verifier reads; read-only afterwards. */
public final class InstrumentReport {
    final String venue;
    final String symbol;
    long count;
    long trades;
    long quotes;
    long firstExchangeTimeNs = Long.MAX_VALUE;
    long lastExchangeTimeNs = Long.MIN_VALUE;
    long gaps;
    long missingOpen;
    long duplicatesRejected;
    long outOfOrder;
    long resets;

    InstrumentReport(String venue, String symbol) {
        this.venue = venue;
        this.symbol = symbol;
    }

    public String venue() {
        return venue;
    }

    public String symbol() {
        return symbol;
    }

    public long count() {
        return count;
    }

    public long trades() {
        return trades;
    }

    public long quotes() {
        return quotes;
    }

    public long firstExchangeTimeNs() {
        return firstExchangeTimeNs;
    }

    public long lastExchangeTimeNs() {
        return lastExchangeTimeNs;
    }

    /** Gap markers in the journal. */
    public long gaps() {
        return gaps;
    }

    /** Sequence numbers still missing at the end of the journal (gaps not filled later). */
    public long missingOpen() {
        return missingOpen;
    }

    /** Duplicates rejected at intake, from the journal's duplicate-run markers. */
    public long duplicatesRejected() {
        return duplicatesRejected;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    public long resets() {
        return resets;
    }
}
