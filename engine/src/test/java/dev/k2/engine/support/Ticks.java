package dev.k2.engine.support;

import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;

/** Builds ring slots by hand for handler tests. */
public final class Ticks {
    private Ticks() {
    }

    public static TickEvent sequenced(int instrument, int channel, long seq, long receiveTimeNs, SequencePolicy policy) {
        TickEvent t = new TickEvent().clear();
        t.kind = TickKind.TRADE;
        t.instrumentId = instrument;
        t.channel = channel;
        t.sourceSeq = seq;
        t.tradeId = seq;
        t.sequencePolicy = policy;
        t.receiveTimeNs = receiveTimeNs;
        t.exchangeTimeNs = receiveTimeNs;
        t.price = 100_00000000L + seq;
        t.quantity = 1_00000000L;
        return t;
    }

    public static TickEvent permanent(long seq, long receiveTimeNs) {
        return sequenced(1, 1, seq, receiveTimeNs, SequencePolicy.PERMANENT);
    }

    public static TickEvent session(long seq, long receiveTimeNs) {
        return sequenced(1, 1, seq, receiveTimeNs, SequencePolicy.SESSION);
    }

    public static TickEvent unsequenced(long tradeId, long receiveTimeNs) {
        TickEvent t = sequenced(1, 1, 0, receiveTimeNs, SequencePolicy.UNSEQUENCED);
        t.tradeId = tradeId;
        return t;
    }
}
