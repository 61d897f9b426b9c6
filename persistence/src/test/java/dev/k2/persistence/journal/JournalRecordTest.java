package dev.k2.persistence.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.sequence.SequenceClass;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.engine.tick.VendorData;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class JournalRecordTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);

    private static TickEvent tick(TickKind kind) {
        TickEvent t = new TickEvent().clear();
        t.kind = kind;
        t.side = Side.BUY;
        t.sequencePolicy = SequencePolicy.SESSION;
        t.sequenceClass = SequenceClass.OUT_OF_ORDER;
        t.instrumentId = 3;
        t.channel = 220140310;
        t.exchangeTimeNs = 11;
        t.receiveTimeNs = 12;
        t.sourceSeq = 13;
        t.tradeId = 14;
        t.price = 15;
        t.quantity = 16;
        t.bidPrice = 17;
        t.bidSize = 18;
        t.askPrice = 19;
        t.askSize = 20;
        t.conditions = 21;
        VendorData.put(t, "venue", "X");
        return t;
    }

    @Test
    void tradeKeepsPriceAndQuantityInSeventyTwoBytesPlusVendorData() {
        TickEvent in = tick(TickKind.TRADE);
        int length = JournalRecord.encodeTick(buffer, 8, in);
        assertThat(length).isEqualTo(72 + in.vendorLength);
        TickEvent out = new TickEvent().clear();
        assertThat(JournalRecord.decodeTick(buffer, 8, length, out)).isNull();
        assertThat(out.price).isEqualTo(15);
        assertThat(out.quantity).isEqualTo(16);
        assertThat(out.bidPrice).isZero();
        assertThat(out.askSize).isZero();
        assertThat(out.sequenceClass).isEqualTo(SequenceClass.OUT_OF_ORDER);
        assertThat(out.sequencePolicy).isEqualTo(SequencePolicy.SESSION);
        assertThat(out.channel).isEqualTo(220140310);
        assertThat(out.conditions).isEqualTo(21);
        assertThat(VendorData.toMap(out.vendorData, 0, out.vendorLength)).containsEntry("venue", "X");
    }

    @Test
    void quoteKeepsBidAndAsk() {
        TickEvent in = tick(TickKind.QUOTE);
        int length = JournalRecord.encodeTick(buffer, 0, in);
        assertThat(length).isEqualTo(88 + in.vendorLength);
        TickEvent out = new TickEvent().clear();
        assertThat(JournalRecord.decodeTick(buffer, 0, length, out)).isNull();
        assertThat(out.price).isZero();
        assertThat(out.bidPrice).isEqualTo(17);
        assertThat(out.bidSize).isEqualTo(18);
        assertThat(out.askPrice).isEqualTo(19);
        assertThat(out.askSize).isEqualTo(20);
        assertThat(out.tradeId).isEqualTo(14);
    }

    @Test
    void recordWhoseLengthDisagreesWithItsKindIsReportedNotMisread() {
        TickEvent in = tick(TickKind.TRADE);
        int length = JournalRecord.encodeTick(buffer, 0, in);
        assertThat(JournalRecord.decodeTick(buffer, 0, length + 8, new TickEvent().clear()))
            .contains("invalid kind, policy, class or vendor length");
    }
}
