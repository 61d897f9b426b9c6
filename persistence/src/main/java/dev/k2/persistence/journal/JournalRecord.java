package dev.k2.persistence.journal;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.sequence.SequenceClass;
import dev.k2.engine.tick.AssetClass;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.engine.tick.VendorData;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The journal's binary record layout, and its encoder and decoder (no allocation for ticks).
 * All integers little-endian. One Chronicle Queue excerpt holds one or more records (a batch, like
 * kdb+'s tickerplant logging one update of many rows): per-excerpt overhead is what limits
 * Chronicle's rate, so the journal stage packs each ring batch (up to {@code journal.batchRecords}).
 *
 * <pre>
 * Excerpt (one Chronicle document of raw bytes; no wire, no reflection)
 *   0        2        4
 *   +--------+--------+--------------------------------------------------+
 *   |version |records |  record 0 | record 1 | ... | record (records-1)    |
 *   |  u16=1 |  u16   |                                                   |
 *   +--------+--------+--------------------------------------------------+
 *
 * Record header (every record)
 *   +0 u16 length (whole record, header included)   +2 u8 type   +3 u8 reserved (0)
 *
 * type 1 INSTRUMENT: defines an id before its first use (ids are stable per data directory)
 *   +4 i32 instrumentId  +8 u8 assetClass  +9 u8 venueLength  +10 u8 symbolLength  +11 u8 0
 *   +12 venue ASCII, then symbol ASCII
 *
 * type 2 TICK (72 + vendorLength bytes for a trade, 88 + vendorLength for a quote)
 *    +4 u8  kind (1 trade, 2 quote)      +5 u8 side (0 unknown, 1 buy, 2 sell)
 *    +6 u8  sequence policy (0 unsequenced, 1 permanent, 2 session)
 *    +7 u8  sequence class (ordinal of SequenceClass: 0 in order, 1 gap, 3 out of order, 4 reset, 5 unsequenced)
 *    +8 i32 instrumentId                 +12 i32 channel
 *   +16 i64 exchangeTimeNs (UTC)         +24 i64 receiveTimeNs (UTC)
 *   +32 i64 sourceSeq                    +40 i64 tradeId (-1 none)
 *   +48 i32 conditions                   +52 u16 vendorLength   +54 u16 0
 *   +56 values, all scaled 1e-8:
 *         trade: i64 price, i64 quantity                                   (16 bytes)
 *         quote: i64 bidPrice, i64 bidSize, i64 askPrice, i64 askSize      (32 bytes)
 *   then vendor bytes (VendorData layout)
 *
 * type 3 GAP: sequence numbers [from, to] of a stream are missing (a later fill is a tick with class 3)
 * type 4 RESET: the stream restarted; from = old high-water mark, to = new sequence
 *    +4 i32 instrumentId  +8 i32 channel  +12 u32 0  +16 i64 from  +24 i64 to  +32 i64 atNs   (40 bytes)
 *
 * type 5 DUPLICATES: count duplicates of a stream were rejected, keys first..last
 *    +4 i32 instrumentId  +8 i32 channel  +12 u32 0  +16 i64 first  +24 i64 last  +32 i64 count  +40 i64 atNs  (48 bytes)
 * </pre>
 */
public final class JournalRecord {
    public static final int VERSION = 1;
    public static final int EXCERPT_HEADER_LENGTH = 4;
    public static final int EXCERPT_VERSION_OFFSET = 0;
    public static final int EXCERPT_COUNT_OFFSET = 2;

    public static final int LENGTH_OFFSET = 0;
    public static final int TYPE_OFFSET = 2;
    public static final int HEADER_LENGTH = 4;

    public static final byte TYPE_INSTRUMENT = 1;
    public static final byte TYPE_TICK = 2;
    public static final byte TYPE_GAP = 3;
    public static final byte TYPE_RESET = 4;
    public static final byte TYPE_DUPLICATES = 5;

    // TICK
    static final int KIND_OFFSET = 4;
    static final int SIDE_OFFSET = 5;
    static final int POLICY_OFFSET = 6;
    static final int CLASS_OFFSET = 7;
    static final int INSTRUMENT_OFFSET = 8;
    static final int CHANNEL_OFFSET = 12;
    static final int EXCHANGE_TIME_OFFSET = 16;
    static final int RECEIVE_TIME_OFFSET = 24;
    static final int SOURCE_SEQ_OFFSET = 32;
    static final int TRADE_ID_OFFSET = 40;
    static final int CONDITIONS_OFFSET = 48;
    static final int VENDOR_LENGTH_OFFSET = 52;
    static final int VALUES_OFFSET = 56;
    static final int TRADE_VALUES_LENGTH = 16;
    static final int QUOTE_VALUES_LENGTH = 32;
    public static final int TICK_MAX_LENGTH = VALUES_OFFSET + QUOTE_VALUES_LENGTH + VendorData.CAPACITY;

    // INSTRUMENT
    static final int DEF_ID_OFFSET = 4;
    static final int DEF_ASSET_CLASS_OFFSET = 8;
    static final int DEF_VENUE_LENGTH_OFFSET = 9;
    static final int DEF_SYMBOL_LENGTH_OFFSET = 10;
    static final int DEF_NAMES_OFFSET = 12;
    public static final int INSTRUMENT_MAX_LENGTH = DEF_NAMES_OFFSET + 2 * Instrument.MAX_NAME_LENGTH;

    // GAP, RESET, DUPLICATES
    static final int MARKER_INSTRUMENT_OFFSET = 4;
    static final int MARKER_CHANNEL_OFFSET = 8;
    static final int MARKER_A_OFFSET = 16;
    static final int MARKER_B_OFFSET = 24;
    static final int MARKER_C_OFFSET = 32;
    static final int MARKER_D_OFFSET = 40;
    public static final int RANGE_MARKER_LENGTH = 40;
    public static final int DUPLICATES_MARKER_LENGTH = 48;

    public static final int MAX_RECORD_LENGTH = Math.max(TICK_MAX_LENGTH, INSTRUMENT_MAX_LENGTH);

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final SequenceClass[] CLASSES = SequenceClass.values();
    private static final SequencePolicy[] POLICIES = SequencePolicy.values();

    private JournalRecord() {
    }

    private static void header(MutableDirectBuffer buffer, int at, int length, byte type) {
        buffer.putShort(at + LENGTH_OFFSET, (short) length, LE);
        buffer.putByte(at + TYPE_OFFSET, type);
        buffer.putByte(at + TYPE_OFFSET + 1, (byte) 0);
    }

    private static int valuesLength(TickKind kind) {
        return kind == TickKind.TRADE ? TRADE_VALUES_LENGTH : QUOTE_VALUES_LENGTH;
    }

    /**
     * Encodes a tick: a trade keeps price and quantity, a quote its bid and ask (the other kind's
     * fields are not journaled, see {@link dev.k2.engine.tick.TickHash}).
     *
     * @return the record length
     */
    public static int encodeTick(MutableDirectBuffer buffer, int at, TickEvent t) {
        int vendorAt = VALUES_OFFSET + valuesLength(t.kind);
        int length = vendorAt + t.vendorLength;
        header(buffer, at, length, TYPE_TICK);
        buffer.putByte(at + KIND_OFFSET, t.kind.code());
        buffer.putByte(at + SIDE_OFFSET, t.side.code());
        buffer.putByte(at + POLICY_OFFSET, (byte) t.sequencePolicy.ordinal());
        buffer.putByte(at + CLASS_OFFSET, (byte) t.sequenceClass.ordinal());
        buffer.putInt(at + INSTRUMENT_OFFSET, t.instrumentId, LE);
        buffer.putInt(at + CHANNEL_OFFSET, t.channel, LE);
        buffer.putLong(at + EXCHANGE_TIME_OFFSET, t.exchangeTimeNs, LE);
        buffer.putLong(at + RECEIVE_TIME_OFFSET, t.receiveTimeNs, LE);
        buffer.putLong(at + SOURCE_SEQ_OFFSET, t.sourceSeq, LE);
        buffer.putLong(at + TRADE_ID_OFFSET, t.tradeId, LE);
        buffer.putInt(at + CONDITIONS_OFFSET, t.conditions, LE);
        buffer.putShort(at + VENDOR_LENGTH_OFFSET, (short) t.vendorLength, LE);
        buffer.putShort(at + VENDOR_LENGTH_OFFSET + 2, (short) 0, LE);
        int values = at + VALUES_OFFSET;
        if (t.kind == TickKind.TRADE) {
            buffer.putLong(values, t.price, LE);
            buffer.putLong(values + 8, t.quantity, LE);
        } else {
            buffer.putLong(values, t.bidPrice, LE);
            buffer.putLong(values + 8, t.bidSize, LE);
            buffer.putLong(values + 16, t.askPrice, LE);
            buffer.putLong(values + 24, t.askSize, LE);
        }
        buffer.putBytes(at + vendorAt, t.vendorData, 0, t.vendorLength);
        return length;
    }

    /**
     * Decodes a TICK record into a reused slot (the other kind's value fields become 0).
     *
     * @return null when valid, otherwise what is wrong (for verify)
     */
    public static String decodeTick(DirectBuffer buffer, int at, int length, TickEvent t) {
        if (length < VALUES_OFFSET + TRADE_VALUES_LENGTH) {
            return "tick record too short: " + length;
        }
        t.kind = TickKind.ofCode(buffer.getByte(at + KIND_OFFSET));
        t.side = Side.ofCode(buffer.getByte(at + SIDE_OFFSET));
        int policy = buffer.getByte(at + POLICY_OFFSET);
        int cls = buffer.getByte(at + CLASS_OFFSET);
        int vendorLength = buffer.getShort(at + VENDOR_LENGTH_OFFSET, LE) & 0xFFFF;
        if (t.kind == null || policy < 0 || policy >= POLICIES.length || cls < 0 || cls >= CLASSES.length
            || vendorLength > VendorData.CAPACITY || VALUES_OFFSET + valuesLength(t.kind) + vendorLength != length) {
            return "tick record has invalid kind, policy, class or vendor length";
        }
        t.sequencePolicy = POLICIES[policy];
        t.sequenceClass = CLASSES[cls];
        t.instrumentId = buffer.getInt(at + INSTRUMENT_OFFSET, LE);
        t.channel = buffer.getInt(at + CHANNEL_OFFSET, LE);
        t.exchangeTimeNs = buffer.getLong(at + EXCHANGE_TIME_OFFSET, LE);
        t.receiveTimeNs = buffer.getLong(at + RECEIVE_TIME_OFFSET, LE);
        t.sourceSeq = buffer.getLong(at + SOURCE_SEQ_OFFSET, LE);
        t.tradeId = buffer.getLong(at + TRADE_ID_OFFSET, LE);
        t.conditions = buffer.getInt(at + CONDITIONS_OFFSET, LE);
        int values = at + VALUES_OFFSET;
        if (t.kind == TickKind.TRADE) {
            t.price = buffer.getLong(values, LE);
            t.quantity = buffer.getLong(values + 8, LE);
            t.bidPrice = 0;
            t.bidSize = 0;
            t.askPrice = 0;
            t.askSize = 0;
        } else {
            t.price = 0;
            t.quantity = 0;
            t.bidPrice = buffer.getLong(values, LE);
            t.bidSize = buffer.getLong(values + 8, LE);
            t.askPrice = buffer.getLong(values + 16, LE);
            t.askSize = buffer.getLong(values + 24, LE);
        }
        t.vendorLength = vendorLength;
        buffer.getBytes(at + VALUES_OFFSET + valuesLength(t.kind), t.vendorData, 0, vendorLength);
        t.gapFrom = 0;
        t.gapTo = 0;
        return null;
    }

    public static int encodeInstrument(MutableDirectBuffer buffer, int at, Instrument instrument) {
        byte[] venue = instrument.venue().getBytes(StandardCharsets.US_ASCII);
        byte[] symbol = instrument.symbol().getBytes(StandardCharsets.US_ASCII);
        int length = DEF_NAMES_OFFSET + venue.length + symbol.length;
        header(buffer, at, length, TYPE_INSTRUMENT);
        buffer.putInt(at + DEF_ID_OFFSET, instrument.id(), LE);
        buffer.putByte(at + DEF_ASSET_CLASS_OFFSET, instrument.assetClass().code());
        buffer.putByte(at + DEF_VENUE_LENGTH_OFFSET, (byte) venue.length);
        buffer.putByte(at + DEF_SYMBOL_LENGTH_OFFSET, (byte) symbol.length);
        buffer.putByte(at + DEF_SYMBOL_LENGTH_OFFSET + 1, (byte) 0);
        buffer.putBytes(at + DEF_NAMES_OFFSET, venue);
        buffer.putBytes(at + DEF_NAMES_OFFSET + venue.length, symbol);
        return length;
    }

    public static Instrument decodeInstrument(DirectBuffer buffer, int at, int length) {
        int venueLength = buffer.getByte(at + DEF_VENUE_LENGTH_OFFSET) & 0xFF;
        int symbolLength = buffer.getByte(at + DEF_SYMBOL_LENGTH_OFFSET) & 0xFF;
        if (DEF_NAMES_OFFSET + venueLength + symbolLength != length) {
            return null;
        }
        String venue = buffer.getStringWithoutLengthAscii(at + DEF_NAMES_OFFSET, venueLength);
        String symbol = buffer.getStringWithoutLengthAscii(at + DEF_NAMES_OFFSET + venueLength, symbolLength);
        return new Instrument(buffer.getInt(at + DEF_ID_OFFSET, LE), venue, symbol,
            AssetClass.ofCode(buffer.getByte(at + DEF_ASSET_CLASS_OFFSET)));
    }

    /** GAP or RESET. */
    public static int encodeRange(MutableDirectBuffer buffer, int at, byte type, int instrumentId, int channel,
                                  long from, long to, long atNs) {
        header(buffer, at, RANGE_MARKER_LENGTH, type);
        buffer.putInt(at + MARKER_INSTRUMENT_OFFSET, instrumentId, LE);
        buffer.putInt(at + MARKER_CHANNEL_OFFSET, channel, LE);
        buffer.putInt(at + MARKER_CHANNEL_OFFSET + 4, 0, LE);
        buffer.putLong(at + MARKER_A_OFFSET, from, LE);
        buffer.putLong(at + MARKER_B_OFFSET, to, LE);
        buffer.putLong(at + MARKER_C_OFFSET, atNs, LE);
        return RANGE_MARKER_LENGTH;
    }

    public static int encodeDuplicates(MutableDirectBuffer buffer, int at, int instrumentId, int channel,
                                       long first, long last, long count, long atNs) {
        header(buffer, at, DUPLICATES_MARKER_LENGTH, TYPE_DUPLICATES);
        buffer.putInt(at + MARKER_INSTRUMENT_OFFSET, instrumentId, LE);
        buffer.putInt(at + MARKER_CHANNEL_OFFSET, channel, LE);
        buffer.putInt(at + MARKER_CHANNEL_OFFSET + 4, 0, LE);
        buffer.putLong(at + MARKER_A_OFFSET, first, LE);
        buffer.putLong(at + MARKER_B_OFFSET, last, LE);
        buffer.putLong(at + MARKER_C_OFFSET, count, LE);
        buffer.putLong(at + MARKER_D_OFFSET, atNs, LE);
        return DUPLICATES_MARKER_LENGTH;
    }

    public static int length(DirectBuffer buffer, int at) {
        return buffer.getShort(at + LENGTH_OFFSET, LE) & 0xFFFF;
    }

    public static byte type(DirectBuffer buffer, int at) {
        return buffer.getByte(at + TYPE_OFFSET);
    }

    /**
     * Journal time of a record: a tick's receive time, a marker's detection time; MIN_VALUE for an
     * instrument definition, which has none.
     */
    public static long journalTime(DirectBuffer buffer, int at) {
        return switch (type(buffer, at)) {
            case TYPE_TICK -> buffer.getLong(at + RECEIVE_TIME_OFFSET, LE);
            case TYPE_GAP, TYPE_RESET -> buffer.getLong(at + MARKER_C_OFFSET, LE);
            case TYPE_DUPLICATES -> buffer.getLong(at + MARKER_D_OFFSET, LE);
            default -> Long.MIN_VALUE;
        };
    }

    public static int markerInstrument(DirectBuffer buffer, int at) {
        return buffer.getInt(at + MARKER_INSTRUMENT_OFFSET, LE);
    }

    public static int markerChannel(DirectBuffer buffer, int at) {
        return buffer.getInt(at + MARKER_CHANNEL_OFFSET, LE);
    }

    /** Field A/B/C/D of a marker: from/to/at for GAP and RESET; first/last/count/at for DUPLICATES. */
    public static long markerField(DirectBuffer buffer, int at, int field) {
        return buffer.getLong(at + MARKER_A_OFFSET + 8 * field, LE);
    }
}
