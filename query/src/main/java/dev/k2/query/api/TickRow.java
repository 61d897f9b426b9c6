package dev.k2.query.api;

/** A trade or a quote, with the sort key every tick result is ordered by. */
public sealed interface TickRow permits TradeRow, QuoteRow {
    /** Marks an absent sequence or trade id. */
    long NONE = Long.MIN_VALUE;

    String venue();

    String symbol();

    long exchangeTimeMicros();

    long journalIndex();

    int journalRecord();

    /** Compares by (exchange time, journal index, journal record): the order of every tick result. */
    static int compare(TickRow a, TickRow b) {
        return compareKeys(a.exchangeTimeMicros(), a.journalIndex(), a.journalRecord(),
            b.exchangeTimeMicros(), b.journalIndex(), b.journalRecord());
    }

    static int compareKeys(long timeA, long indexA, int recordA, long timeB, long indexB, int recordB) {
        int c = Long.compare(timeA, timeB);
        if (c != 0) {
            return c;
        }
        c = Long.compare(indexA, indexB);
        return c != 0 ? c : Integer.compare(recordA, recordB);
    }
}
