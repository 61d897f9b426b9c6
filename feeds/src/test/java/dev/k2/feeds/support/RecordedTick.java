package dev.k2.feeds.support;

import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.engine.tick.VendorData;
import java.util.Map;

/** An immutable copy of a journaled tick's core fields, so tests can assert after the ring reused the slot. */
public record RecordedTick(TickKind kind, int instrumentId, int channel, SequencePolicy sequencePolicy,
                           long exchangeTimeNs, long receiveTimeNs, long sourceSeq, long tradeId, Side side,
                           long price, long quantity, long bidPrice, long bidSize, long askPrice, long askSize,
                           int conditions, Map<String, String> vendorData) {

    public static RecordedTick of(TickEvent t) {
        return new RecordedTick(t.kind, t.instrumentId, t.channel, t.sequencePolicy, t.exchangeTimeNs, t.receiveTimeNs,
            t.sourceSeq, t.tradeId, t.side, t.price, t.quantity, t.bidPrice, t.bidSize, t.askPrice, t.askSize,
            t.conditions, t.vendorLength == 0 ? Map.of() : VendorData.toMap(t.vendorData, 0, t.vendorLength));
    }
}
