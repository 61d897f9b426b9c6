package dev.k2.query.api;

import dev.k2.engine.tick.Side;

/**
 * A trade's values, whatever holds them: a {@link TradeRow} object, or a view that a server points at
 * one row after another of an answer it received field by field ({@link TradeFields}), so that the
 * row formats ({@code dev.k2.query.format.Columns#TRADES}) write either without a row object per
 * trade. Prices and quantities are 1e-8 scaled longs, times UTC epoch microseconds.
 */
public interface Trade {
    String venue();

    String symbol();

    int channel();

    long exchangeTimeMicros();

    long receiveTimeMicros();

    long sourceSeq();

    long tradeId();

    Side side();

    long price();

    long quantity();

    int conditions();

    long journalIndex();

    int journalRecord();
}
