package dev.k2.query.api;

import dev.k2.engine.tick.Side;

/**
 * One trade. Prices and quantities scaled 1e-8; {@code sourceSeq} and {@code tradeId} are
 * {@link TickRow#NONE} when absent.
 */
public record TradeRow(String venue, String symbol, int channel, long exchangeTimeMicros, long receiveTimeMicros,
                       long sourceSeq, long tradeId, Side side, long price, long quantity, int conditions,
                       long journalIndex, int journalRecord) implements TickRow, Trade {
}
