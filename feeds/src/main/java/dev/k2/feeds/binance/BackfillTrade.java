package dev.k2.feeds.binance;

import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.VendorData;

/**
 * One trade from a REST backfill page ({@code historicalTrades} or {@code aggTrades}). The rare
 * recovery path may allocate; it writes the same tick a live frame would, less the event time
 * {@code E}, which REST does not return.
 */
record BackfillTrade(long id, long price, long quantity, long timeMs, boolean buyerMaker, String bestMatch,
                     long firstId, long lastId) {

    void writeTo(TickEvent event, BinanceStream stream, int instrumentId, long receiveTimeNs) {
        event.kind = stream.kind();
        event.instrumentId = instrumentId;
        event.channel = stream.channel();
        event.sequencePolicy = stream.policy();
        event.receiveTimeNs = receiveTimeNs;
        event.exchangeTimeNs = timeMs * 1_000_000L;
        event.sourceSeq = id;
        event.tradeId = id;
        event.side = buyerMaker ? Side.SELL : Side.BUY;
        event.price = price;
        event.quantity = quantity;
        VendorData.put(event, "m", buyerMaker ? "true" : "false");
        if (bestMatch != null) {
            VendorData.put(event, "M", bestMatch);
        }
        if (stream == BinanceStream.AGG_TRADE) {
            VendorData.put(event, "f", Long.toString(firstId));
            VendorData.put(event, "l", Long.toString(lastId));
        }
    }
}
