package dev.k2.feeds.binary;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BinaryProtocolTest {
    @Test
    void tickFrameRoundTripsEveryFieldAtItsDocumentedOffset() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(0x7F);
        new TickFlyweight().appendTo(buf).channel(65_535).side(2).channelSeq(Long.MAX_VALUE).instrumentSeq(7)
            .instrumentId(123_456).conditions(-1).exchangeTimeNs(1_704_205_800_123_456_789L).price(-5)
            .quantity(123_456_789_012L).tradeId(99);
        assertThat(buf.readableBytes()).isEqualTo(1 + 64);
        assertThat(buf.getUnsignedShortLE(1)).isEqualTo(62);
        assertThat(BinaryProtocol.type(buf, 1)).isEqualTo('T');
        assertThat(BinaryProtocol.version(buf, 1)).isEqualTo(1);
        assertThat(buf.getLongLE(1 + 32)).isEqualTo(1_704_205_800_123_456_789L);

        TickFlyweight tick = new TickFlyweight().wrap(buf, 1);
        assertThat(tick.channel()).isEqualTo(65_535);
        assertThat(tick.side()).isEqualTo(2);
        assertThat(tick.flags()).isZero();
        assertThat(tick.channelSeq()).isEqualTo(Long.MAX_VALUE);
        assertThat(tick.instrumentSeq()).isEqualTo(7);
        assertThat(tick.instrumentId()).isEqualTo(123_456);
        assertThat(tick.conditions()).isEqualTo(-1);
        assertThat(tick.exchangeTimeNs()).isEqualTo(1_704_205_800_123_456_789L);
        assertThat(tick.price()).isEqualTo(-5);
        assertThat(tick.quantity()).isEqualTo(123_456_789_012L);
        assertThat(tick.tradeId()).isEqualTo(99);
        buf.release();
    }

    @Test
    void controlMessagesRoundTripAndHaveTheirDocumentedLengths() {
        ByteBuf buf = Unpooled.buffer();
        BinaryProtocol.writeLogon(buf, 17);
        BinaryProtocol.writeLogonAccepted(buf, 42, 4, 8, "K2SIM");
        BinaryProtocol.writeInstrumentDefinition(buf, 3, 2, 1, "BHP.AX");
        BinaryProtocol.writeHeartbeat(buf, 4, 1_000_001);
        BinaryProtocol.writeRetransmitRequest(buf, 2, 500, 65_535);
        BinaryProtocol.writeRetransmitResponse(buf, 2, 500, 12);

        int at = 0;
        assertThat(frame(buf, at, BinaryProtocol.LOGON)).isEqualTo(12);
        assertThat(BinaryProtocol.sessionId(buf, at)).isEqualTo(17);
        at += 12;
        assertThat(frame(buf, at, BinaryProtocol.LOGON_ACCEPTED)).isEqualTo(28);
        assertThat(BinaryProtocol.sessionId(buf, at)).isEqualTo(42);
        assertThat(BinaryProtocol.acceptedChannels(buf, at)).isEqualTo(4);
        assertThat(BinaryProtocol.acceptedInstruments(buf, at)).isEqualTo(8);
        assertThat(BinaryProtocol.acceptedVenue(buf, at)).isEqualTo("K2SIM");
        at += 28;
        assertThat(frame(buf, at, BinaryProtocol.INSTRUMENT_DEFINITION)).isEqualTo(44);
        assertThat(BinaryProtocol.definitionInstrumentId(buf, at)).isEqualTo(3);
        assertThat(BinaryProtocol.definitionChannel(buf, at)).isEqualTo(2);
        assertThat(BinaryProtocol.definitionAssetClass(buf, at)).isEqualTo(1);
        assertThat(BinaryProtocol.definitionSymbol(buf, at)).isEqualTo("BHP.AX");
        at += 44;
        assertThat(frame(buf, at, BinaryProtocol.HEARTBEAT)).isEqualTo(16);
        assertThat(BinaryProtocol.channel(buf, at)).isEqualTo(4);
        assertThat(BinaryProtocol.heartbeatNextSeq(buf, at)).isEqualTo(1_000_001);
        at += 16;
        assertThat(frame(buf, at, BinaryProtocol.RETRANSMIT_REQUEST)).isEqualTo(20);
        assertThat(BinaryProtocol.channel(buf, at)).isEqualTo(2);
        assertThat(BinaryProtocol.retransmitFromSeq(buf, at)).isEqualTo(500);
        assertThat(BinaryProtocol.retransmitCount(buf, at)).isEqualTo(65_535);
        at += 20;
        assertThat(frame(buf, at, BinaryProtocol.RETRANSMIT_RESPONSE)).isEqualTo(20);
        assertThat(BinaryProtocol.retransmitCount(buf, at)).isEqualTo(12);
        assertThat(buf.readableBytes()).isEqualTo(at + 20);
        buf.release();
    }

    private static int frame(ByteBuf buf, int at, byte type) {
        assertThat(BinaryProtocol.type(buf, at)).isEqualTo(type);
        assertThat(BinaryProtocol.version(buf, at)).isEqualTo(BinaryProtocol.VERSION);
        int length = buf.getUnsignedShortLE(at) + BinaryProtocol.LENGTH_FIELD;
        assertThat(BinaryProtocol.frameLength(type)).isEqualTo(length);
        return length;
    }
}
