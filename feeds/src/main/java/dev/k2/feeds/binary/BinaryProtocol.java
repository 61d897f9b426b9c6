package dev.k2.feeds.binary;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The K2 binary tick protocol, version 1: length-prefixed frames over TCP, little-endian, fixed
 * layouts. The live port streams ticks; a separate retransmission port answers re-requests with the
 * original tick frames, in the spirit of MoldUDP64's re-request server.
 *
 * <pre>
 * Every frame                                   Session
 *  +0 u16 length (bytes after this field)        client ─ Logon ──────────────▶ server   (both ports)
 *  +2 u8  type (ASCII letter below)              client ◀─ LogonAccepted ─────  server
 *  +3 u8  version (1)                            client ◀─ InstrumentDefinition × K (once per symbol,
 *  +4 body                                                 before any tick that names it)
 *                                                client ◀─ Heartbeat per channel (at once, then periodically)
 *                                                client ◀─ Tick ... (live port)
 *                                                client ─ RetransmitRequest ──▶ server (retransmission port)
 *                                                client ◀─ RetransmitResponse, then `count` original Tick frames
 *
 * 'L' Logon (12 B)                 'A' LogonAccepted (28 B)          'H' Heartbeat (16 B)
 *  +4 u64 sessionId (0 = current)   +4  u64 sessionId                 +4 u16 channel
 *                                   +12 u16 channels                  +6 u16 reserved
 *                                   +14 u16 reserved                  +8 u64 nextSeq: the channel sequence the
 *                                   +16 u32 instruments                       next live tick will carry
 *                                   +20 byte[8] venue, ASCII, NUL-padded
 *
 * 'I' InstrumentDefinition (44 B)  'R' RetransmitRequest (20 B)      'X' RetransmitResponse (20 B)
 *  +4  u32 instrumentId (wire id)   +4  u16 channel                   +4  u16 channel
 *  +8  u16 channel                  +6  u16 reserved                  +6  u16 reserved
 *  +10 u8  assetClass code          +8  u64 fromSeq                   +8  u64 fromSeq
 *  +11 u8  symbolLength (1..32)     +16 u32 count (1..65535)          +16 u32 count that follow (0..requested;
 *  +12 byte[32] symbol, ASCII                                                 fewer = the rest is not retained)
 *
 * 'T' Tick (64 B)
 *  +0  u16 length = 62   +2 u8 'T'   +3 u8 version
 *  +4  u16 channel                 +6  u8 side (0 unknown, 1 buy, 2 sell)   +7 u8 flags (0)
 *  +8  u64 channelSeq: contiguous per channel from 1; a skipped number is a gap to re-request
 *  +16 u64 instrumentSeq: contiguous per (channel, instrument) from 1; the engine's source sequence
 *  +24 u32 instrumentId (wire id, defined by an 'I' frame)   +28 u32 conditions
 *  +32 i64 exchangeTimeNs (UTC epoch nanoseconds)
 *  +40 i64 price (scaled 1e-8)      +48 i64 quantity (scaled 1e-8, > 0)     +56 i64 tradeId
 * </pre>
 *
 * <p>Two sequences, as in CME MDP3 (packet sequence and rpt-seq): the channel sequence finds lost
 * frames on the connection, whatever their instrument; the instrument sequence is the tick's natural
 * key in the engine, whose streams are (instrument, channel). Both restart with a new session id.
 *
 * <p>A frame whose length is below 2 or above {@link #MAX_FRAME_LENGTH} breaks the framing: the rest
 * of the stream cannot be trusted and the client reconnects. Any other bad frame (unknown type, wrong
 * length for its type, other version, bad value) is skipped whole and the stream goes on.
 */
public final class BinaryProtocol {
    public static final int VERSION = 1;
    /** Bytes of the length prefix. */
    public static final int LENGTH_FIELD = 2;
    /** Length prefix, type and version. */
    public static final int HEADER_LENGTH = 4;
    /** The largest value of the length prefix a client accepts. */
    public static final int MAX_FRAME_LENGTH = 1024;

    public static final byte LOGON = 'L';
    public static final byte LOGON_ACCEPTED = 'A';
    public static final byte INSTRUMENT_DEFINITION = 'I';
    public static final byte HEARTBEAT = 'H';
    public static final byte TICK = 'T';
    public static final byte RETRANSMIT_REQUEST = 'R';
    public static final byte RETRANSMIT_RESPONSE = 'X';

    public static final int LOGON_FRAME = 12;
    public static final int LOGON_ACCEPTED_FRAME = 28;
    public static final int INSTRUMENT_DEFINITION_FRAME = 44;
    public static final int HEARTBEAT_FRAME = 16;
    public static final int TICK_FRAME = TickFlyweight.FRAME_LENGTH;
    public static final int RETRANSMIT_REQUEST_FRAME = 20;
    public static final int RETRANSMIT_RESPONSE_FRAME = 20;

    public static final int MAX_SYMBOL_LENGTH = 32;
    public static final int VENUE_LENGTH = 8;
    /** The most ticks one re-request may ask for. */
    public static final int MAX_RETRANSMIT_COUNT = 65_535;

    private BinaryProtocol() {
    }

    /** @return the whole frame length for a known type, or -1 for an unknown type. */
    public static int frameLength(int type) {
        return switch (type) {
            case TICK -> TICK_FRAME;
            case HEARTBEAT -> HEARTBEAT_FRAME;
            case LOGON -> LOGON_FRAME;
            case LOGON_ACCEPTED -> LOGON_ACCEPTED_FRAME;
            case INSTRUMENT_DEFINITION -> INSTRUMENT_DEFINITION_FRAME;
            case RETRANSMIT_REQUEST -> RETRANSMIT_REQUEST_FRAME;
            case RETRANSMIT_RESPONSE -> RETRANSMIT_RESPONSE_FRAME;
            default -> -1;
        };
    }

    private static void header(ByteBuf out, int frameLength, byte type) {
        out.writeShortLE(frameLength - LENGTH_FIELD);
        out.writeByte(type);
        out.writeByte(VERSION);
    }

    public static void writeLogon(ByteBuf out, long sessionId) {
        header(out, LOGON_FRAME, LOGON);
        out.writeLongLE(sessionId);
    }

    public static void writeLogonAccepted(ByteBuf out, long sessionId, int channels, int instruments, String venue) {
        header(out, LOGON_ACCEPTED_FRAME, LOGON_ACCEPTED);
        out.writeLongLE(sessionId);
        out.writeShortLE(channels);
        out.writeShortLE(0);
        out.writeIntLE(instruments);
        writePadded(out, venue, VENUE_LENGTH);
    }

    public static void writeInstrumentDefinition(ByteBuf out, int instrumentId, int channel, int assetClass,
                                                 String symbol) {
        if (symbol.isEmpty() || symbol.length() > MAX_SYMBOL_LENGTH) {
            throw new IllegalArgumentException("symbol must be 1.." + MAX_SYMBOL_LENGTH + " ASCII characters: " + symbol);
        }
        header(out, INSTRUMENT_DEFINITION_FRAME, INSTRUMENT_DEFINITION);
        out.writeIntLE(instrumentId);
        out.writeShortLE(channel);
        out.writeByte(assetClass);
        out.writeByte(symbol.length());
        writePadded(out, symbol, MAX_SYMBOL_LENGTH);
    }

    public static void writeHeartbeat(ByteBuf out, int channel, long nextSeq) {
        header(out, HEARTBEAT_FRAME, HEARTBEAT);
        out.writeShortLE(channel);
        out.writeShortLE(0);
        out.writeLongLE(nextSeq);
    }

    public static void writeRetransmitRequest(ByteBuf out, int channel, long fromSeq, int count) {
        header(out, RETRANSMIT_REQUEST_FRAME, RETRANSMIT_REQUEST);
        out.writeShortLE(channel);
        out.writeShortLE(0);
        out.writeLongLE(fromSeq);
        out.writeIntLE(count);
    }

    public static void writeRetransmitResponse(ByteBuf out, int channel, long fromSeq, int count) {
        header(out, RETRANSMIT_RESPONSE_FRAME, RETRANSMIT_RESPONSE);
        out.writeShortLE(channel);
        out.writeShortLE(0);
        out.writeLongLE(fromSeq);
        out.writeIntLE(count);
    }

    private static void writePadded(ByteBuf out, String text, int width) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        int n = Math.min(bytes.length, width);
        out.writeBytes(bytes, 0, n);
        out.writeZero(width - n);
    }

    // ---- readers over a frame that starts at `frame` (the length prefix) ----

    public static int type(ByteBuf buf, int frame) {
        return buf.getUnsignedByte(frame + 2);
    }

    public static int version(ByteBuf buf, int frame) {
        return buf.getUnsignedByte(frame + 3);
    }

    /** Logon, LogonAccepted: the session id. */
    public static long sessionId(ByteBuf buf, int frame) {
        return buf.getLongLE(frame + 4);
    }

    public static int acceptedChannels(ByteBuf buf, int frame) {
        return buf.getUnsignedShortLE(frame + 12);
    }

    public static int acceptedInstruments(ByteBuf buf, int frame) {
        return buf.getIntLE(frame + 16);
    }

    public static String acceptedVenue(ByteBuf buf, int frame) {
        return readPadded(buf, frame + 20, VENUE_LENGTH);
    }

    public static int definitionInstrumentId(ByteBuf buf, int frame) {
        return buf.getIntLE(frame + 4);
    }

    public static int definitionChannel(ByteBuf buf, int frame) {
        return buf.getUnsignedShortLE(frame + 8);
    }

    public static int definitionAssetClass(ByteBuf buf, int frame) {
        return buf.getUnsignedByte(frame + 10);
    }

    /** @return the symbol, or null when its length byte is out of range. */
    public static String definitionSymbol(ByteBuf buf, int frame) {
        int length = buf.getUnsignedByte(frame + 11);
        if (length < 1 || length > MAX_SYMBOL_LENGTH) {
            return null;
        }
        return buf.toString(frame + 12, length, StandardCharsets.US_ASCII);
    }

    /** Heartbeat, RetransmitRequest, RetransmitResponse: the channel. */
    public static int channel(ByteBuf buf, int frame) {
        return buf.getUnsignedShortLE(frame + 4);
    }

    public static long heartbeatNextSeq(ByteBuf buf, int frame) {
        return buf.getLongLE(frame + 8);
    }

    /** RetransmitRequest, RetransmitResponse: the first sequence. */
    public static long retransmitFromSeq(ByteBuf buf, int frame) {
        return buf.getLongLE(frame + 8);
    }

    /** RetransmitRequest, RetransmitResponse: the count (unsigned 32-bit). */
    public static long retransmitCount(ByteBuf buf, int frame) {
        return buf.getUnsignedIntLE(frame + 16);
    }

    private static String readPadded(ByteBuf buf, int offset, int width) {
        int length = 0;
        while (length < width && buf.getByte(offset + length) != 0) {
            length++;
        }
        return buf.toString(offset, length, StandardCharsets.US_ASCII);
    }
}
