package dev.k2.feeds.binary;

import io.netty.buffer.ByteBuf;

/**
 * A view over one 64-byte Tick frame in a {@link ByteBuf} (layout in {@link BinaryProtocol}):
 * fluent setters to encode in place, getters without {@code get} to decode in place. Reused: wrap it
 * over the next frame; it never copies and never allocates.
 */
public final class TickFlyweight {
    public static final int FRAME_LENGTH = 64;

    public static final int CHANNEL_OFFSET = 4;
    public static final int SIDE_OFFSET = 6;
    public static final int FLAGS_OFFSET = 7;
    public static final int CHANNEL_SEQ_OFFSET = 8;
    public static final int INSTRUMENT_SEQ_OFFSET = 16;
    public static final int INSTRUMENT_ID_OFFSET = 24;
    public static final int CONDITIONS_OFFSET = 28;
    public static final int EXCHANGE_TIME_OFFSET = 32;
    public static final int PRICE_OFFSET = 40;
    public static final int QUANTITY_OFFSET = 48;
    public static final int TRADE_ID_OFFSET = 56;

    private ByteBuf buf;
    private int frame;

    /** Views the frame starting at {@code frame} (its length prefix). */
    public TickFlyweight wrap(ByteBuf buf, int frame) {
        this.buf = buf;
        this.frame = frame;
        return this;
    }

    /**
     * Appends a blank tick frame (header written, body zeroed) at the writer index of {@code out} and
     * views it.
     */
    public TickFlyweight appendTo(ByteBuf out) {
        int at = out.writerIndex();
        out.writeShortLE(FRAME_LENGTH - BinaryProtocol.LENGTH_FIELD);
        out.writeByte(BinaryProtocol.TICK);
        out.writeByte(BinaryProtocol.VERSION);
        out.writeZero(FRAME_LENGTH - BinaryProtocol.HEADER_LENGTH);
        return wrap(out, at);
    }

    public int channel() {
        return buf.getUnsignedShortLE(frame + CHANNEL_OFFSET);
    }

    public TickFlyweight channel(int channel) {
        buf.setShortLE(frame + CHANNEL_OFFSET, channel);
        return this;
    }

    public int side() {
        return buf.getUnsignedByte(frame + SIDE_OFFSET);
    }

    public TickFlyweight side(int side) {
        buf.setByte(frame + SIDE_OFFSET, side);
        return this;
    }

    public int flags() {
        return buf.getUnsignedByte(frame + FLAGS_OFFSET);
    }

    public long channelSeq() {
        return buf.getLongLE(frame + CHANNEL_SEQ_OFFSET);
    }

    public TickFlyweight channelSeq(long seq) {
        buf.setLongLE(frame + CHANNEL_SEQ_OFFSET, seq);
        return this;
    }

    public long instrumentSeq() {
        return buf.getLongLE(frame + INSTRUMENT_SEQ_OFFSET);
    }

    public TickFlyweight instrumentSeq(long seq) {
        buf.setLongLE(frame + INSTRUMENT_SEQ_OFFSET, seq);
        return this;
    }

    public int instrumentId() {
        return buf.getIntLE(frame + INSTRUMENT_ID_OFFSET);
    }

    public TickFlyweight instrumentId(int id) {
        buf.setIntLE(frame + INSTRUMENT_ID_OFFSET, id);
        return this;
    }

    public int conditions() {
        return buf.getIntLE(frame + CONDITIONS_OFFSET);
    }

    public TickFlyweight conditions(int conditions) {
        buf.setIntLE(frame + CONDITIONS_OFFSET, conditions);
        return this;
    }

    public long exchangeTimeNs() {
        return buf.getLongLE(frame + EXCHANGE_TIME_OFFSET);
    }

    public TickFlyweight exchangeTimeNs(long ns) {
        buf.setLongLE(frame + EXCHANGE_TIME_OFFSET, ns);
        return this;
    }

    public long price() {
        return buf.getLongLE(frame + PRICE_OFFSET);
    }

    public TickFlyweight price(long scaled) {
        buf.setLongLE(frame + PRICE_OFFSET, scaled);
        return this;
    }

    public long quantity() {
        return buf.getLongLE(frame + QUANTITY_OFFSET);
    }

    public TickFlyweight quantity(long scaled) {
        buf.setLongLE(frame + QUANTITY_OFFSET, scaled);
        return this;
    }

    public long tradeId() {
        return buf.getLongLE(frame + TRADE_ID_OFFSET);
    }

    public TickFlyweight tradeId(long id) {
        buf.setLongLE(frame + TRADE_ID_OFFSET, id);
        return this;
    }
}
