package dev.k2.query.api;

import dev.k2.engine.tick.Side;

/**
 * Receives trade rows field by field, in result order, so that an engine can hand an answer to a
 * server that encodes it at once, with no {@link TradeRow} object per trade
 * ({@link QueryService#lastTradesFromMemory}). The strings are the engine's own instances.
 */
@FunctionalInterface
public interface TradeFields {
    void trade(String venue, String symbol, int channel, long exchangeTimeMicros, long receiveTimeMicros, long sourceSeq,
               long tradeId, Side side, long price, long quantity, int conditions, long journalIndex, int journalRecord);
}
