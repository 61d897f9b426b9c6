package dev.k2.query.hot;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.TickRow;
import dev.k2.query.api.TradeRow;

/** Journal tick to result row, with the cold tier's conventions (micros truncated, absent values as NONE). */
public final class TickRows {
    private TickRows() {
    }

    public static TickRow of(long index, int record, TickEvent t, InstrumentRegistry registry) {
        Instrument i = registry.byId(t.instrumentId);
        String venue = i == null ? "?" : i.venue();
        String symbol = i == null ? "#" + t.instrumentId : i.symbol();
        long exchange = Math.floorDiv(t.exchangeTimeNs, 1_000L);
        long receive = Math.floorDiv(t.receiveTimeNs, 1_000L);
        long seq = t.sequencePolicy == SequencePolicy.UNSEQUENCED ? TickRow.NONE : t.sourceSeq;
        if (t.kind == TickKind.TRADE) {
            return new TradeRow(venue, symbol, t.channel, exchange, receive, seq, t.tradeId < 0 ? TickRow.NONE : t.tradeId,
                t.side, t.price, t.quantity, t.conditions, index, record);
        }
        return new QuoteRow(venue, symbol, t.channel, exchange, receive, seq, t.bidPrice, t.bidSize, t.askPrice,
            t.askSize, t.conditions, index, record);
    }
}
