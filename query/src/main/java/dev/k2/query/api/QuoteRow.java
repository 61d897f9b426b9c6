package dev.k2.query.api;

/** One top-of-book quote. Prices and sizes scaled 1e-8; {@code sourceSeq} is {@link TickRow#NONE} when absent. */
public record QuoteRow(String venue, String symbol, int channel, long exchangeTimeMicros, long receiveTimeMicros,
                       long sourceSeq, long bidPrice, long bidSize, long askPrice, long askSize, int conditions,
                       long journalIndex, int journalRecord) implements TickRow {
}
