package dev.k2.persistence.cold;

import dev.k2.engine.tick.Side;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.MessageType;

/**
 * One Parquet leaf column of a row group, read from the {@link TickBatch}'s arrays in file order
 * ({@code order[from, to)}) into reused arrays: a level entry per row (per map entry for
 * {@code vendor_data}) and the non-null values, as longs (int32 and int64 columns: timestamps in
 * micros, decimals as their unscaled 10^-8 units) or as ids into {@link #strings} (string columns).
 *
 * <pre>
 * entry e (0..entries)      def[e]: the column's max definition level when the value is present, 0 when
 *                                   null (optional columns only); rep[e]: 0 for a row's first entry, the
 *                                   max repetition level for its further map entries (vendor_data only)
 * row r (0..rows)           rowEntry[r]: the row's first entry (vendor_data only; rowEntry[rows] = entries)
 * value v (0..values)       longs[v] or ids[v]: the present values in order
 * </pre>
 *
 * Required columns have no levels; {@code vendor_data} (an optional map of required strings) has, per
 * leaf, definition level 0 for a null map (no vendor entries in the tick) and 2 per entry, and a key
 * repeated in one tick keeps its last value, as a map does.
 */
final class LeafColumnReader {
    /** The leaf columns of either table; {@link #of} maps a file's columns to them. */
    enum Leaf {
        VENUE, SYMBOL, ASSET_CLASS, CHANNEL, EXCHANGE_TIME, RECEIVE_TIME, SOURCE_SEQ, TRADE_ID, SIDE,
        V0, V1, V2, V3, CONDITIONS, VENDOR_KEY, VENDOR_VALUE, JOURNAL_INDEX, JOURNAL_RECORD;

        /** Columns whose values are (almost) all different: a dictionary never pays off there. */
        boolean nearlyUnique() {
            return this == EXCHANGE_TIME || this == RECEIVE_TIME || this == SOURCE_SEQ || this == TRADE_ID
                || this == JOURNAL_INDEX || this == JOURNAL_RECORD;
        }
    }

    /** Parquet leaf columns of either table: 7 common, 4 values, conditions, map key and value, 2 journal. */
    private static final int LEAF_COLUMNS = 16;
    private static final byte[][] SIDES = sides();

    private final TickBatch b;
    private final byte[][] venueById;
    private final byte[][] symbolById;
    private final byte[][] assetClassById;
    private final int[] idCache;
    private byte[] utf8 = new byte[512];

    /** The distinct strings of the current string column. */
    final BinaryDictionary strings = new BinaryDictionary();
    int rows;
    int entries;
    int values;
    int[] def = new int[0];
    int[] rep = new int[0];
    int[] rowEntry = new int[0];
    long[] longs = new long[0];
    int[] ids = new int[0];

    /** Per instrument id: its venue, symbol and asset class (lower case) as UTF-8. */
    LeafColumnReader(TickBatch b, byte[][] venueById, byte[][] symbolById, byte[][] assetClassById) {
        this.b = b;
        this.venueById = venueById;
        this.symbolById = symbolById;
        this.assetClassById = assetClassById;
        this.idCache = new int[Math.max(venueById.length, 256)];
    }

    /** The leaf of each of {@code type}'s columns, in the file's column order. */
    static Leaf[] of(MessageType type, TickBatch b) {
        List<ColumnDescriptor> columns = type.getColumns();
        if (columns.size() != LEAF_COLUMNS) {
            throw new IllegalStateException("the Parquet schema of " + b.table().tableName() + " has "
                + columns.size() + " columns (" + columns + "), not the ones ColdSchema defines:"
                + " update LeafColumnReader with the schema");
        }
        boolean trades = b.trades();
        Leaf[] leaves = new Leaf[columns.size()];
        for (int c = 0; c < leaves.length; c++) {
            String[] path = columns.get(c).getPath();
            leaves[c] = switch (path[0]) {
                case ColdSchema.VENUE -> Leaf.VENUE;
                case ColdSchema.SYMBOL -> Leaf.SYMBOL;
                case ColdSchema.ASSET_CLASS -> Leaf.ASSET_CLASS;
                case ColdSchema.CHANNEL -> Leaf.CHANNEL;
                case ColdSchema.EXCHANGE_TIME -> Leaf.EXCHANGE_TIME;
                case ColdSchema.RECEIVE_TIME -> Leaf.RECEIVE_TIME;
                case ColdSchema.SOURCE_SEQ -> Leaf.SOURCE_SEQ;
                case ColdSchema.TRADE_ID -> trades ? Leaf.TRADE_ID : null;
                case ColdSchema.SIDE -> trades ? Leaf.SIDE : null;
                case ColdSchema.PRICE -> trades ? Leaf.V0 : null;
                case ColdSchema.QUANTITY -> trades ? Leaf.V1 : null;
                case ColdSchema.BID_PRICE -> trades ? null : Leaf.V0;
                case ColdSchema.BID_SIZE -> trades ? null : Leaf.V1;
                case ColdSchema.ASK_PRICE -> trades ? null : Leaf.V2;
                case ColdSchema.ASK_SIZE -> trades ? null : Leaf.V3;
                case ColdSchema.CONDITIONS -> Leaf.CONDITIONS;
                case ColdSchema.VENDOR_DATA -> "key".equals(path[path.length - 1]) ? Leaf.VENDOR_KEY
                    : "value".equals(path[path.length - 1]) ? Leaf.VENDOR_VALUE : null;
                case ColdSchema.JOURNAL_INDEX -> Leaf.JOURNAL_INDEX;
                case ColdSchema.JOURNAL_RECORD -> Leaf.JOURNAL_RECORD;
                default -> null;
            };
            if (leaves[c] == null) {
                throw new IllegalStateException("the Parquet schema of " + b.table().tableName() + " has column "
                    + String.join(".", path) + ", which ColdSchema does not define: update LeafColumnReader with ColdSchema");
            }
        }
        return leaves;
    }

    /** Reads {@code leaf} ({@code column} in the file) of the rows {@code order[from, to)}. */
    void read(Leaf leaf, ColumnDescriptor column, int[] order, int from, int to) {
        int n = to - from;
        int maxDef = column.getMaxDefinitionLevel();
        rows = n;
        if (longs.length < n) {
            int capacity = Math.max(n, longs.length * 2);
            longs = new long[capacity];
            ids = new int[capacity];
            def = new int[capacity];
            rep = new int[capacity];
            rowEntry = new int[capacity + 1];
        }
        TickBatch t = b;
        switch (leaf) {
            case VENUE -> instrumentStrings(venueById, order, from, n);
            case SYMBOL -> instrumentStrings(symbolById, order, from, n);
            case ASSET_CLASS -> instrumentStrings(assetClassById, order, from, n);
            case CHANNEL -> {
                for (int k = 0; k < n; k++) {
                    longs[k] = t.channel[order[from + k]];
                }
            }
            case EXCHANGE_TIME -> micros(t.exchangeNs, order, from, n);
            case RECEIVE_TIME -> micros(t.receiveNs, order, from, n);
            case SOURCE_SEQ -> {
                int v = 0;
                for (int k = 0; k < n; k++) {
                    int i = order[from + k];
                    boolean present = t.sequenced[i] != 0;
                    def[k] = present ? maxDef : 0;
                    longs[v] = t.sourceSeq[i];
                    v += present ? 1 : 0;
                }
                optional(leaf, maxDef, n, v);
                return;
            }
            case TRADE_ID -> {
                int v = 0;
                for (int k = 0; k < n; k++) {
                    long id = t.tradeId[order[from + k]];
                    def[k] = id >= 0 ? maxDef : 0;
                    longs[v] = id;
                    v += id >= 0 ? 1 : 0;
                }
                optional(leaf, maxDef, n, v);
                return;
            }
            case SIDE -> {
                strings.clear();
                Arrays.fill(idCache, 0, 256, -1);
                int v = 0;
                for (int k = 0; k < n; k++) {
                    int code = t.side[order[from + k]] & 0xFF;
                    byte[] name = SIDES[code];
                    def[k] = name == null ? 0 : maxDef;
                    if (name != null) {
                        int id = idCache[code];
                        ids[v++] = id >= 0 ? id : (idCache[code] = strings.add(name, 0, name.length));
                    }
                }
                optional(leaf, maxDef, n, v);
                return;
            }
            case V0 -> decimals(t.v0, order, from, n);
            case V1 -> decimals(t.v1, order, from, n);
            case V2 -> decimals(t.v2, order, from, n);
            case V3 -> decimals(t.v3, order, from, n);
            case CONDITIONS -> {
                for (int k = 0; k < n; k++) {
                    longs[k] = t.conditions[order[from + k]];
                }
            }
            case VENDOR_KEY, VENDOR_VALUE -> {
                vendor(leaf == Leaf.VENDOR_KEY, maxDef, column.getMaxRepetitionLevel(), order, from, n);
                return;
            }
            case JOURNAL_INDEX -> {
                for (int k = 0; k < n; k++) {
                    longs[k] = t.journalIndex[order[from + k]];
                }
            }
            case JOURNAL_RECORD -> {
                for (int k = 0; k < n; k++) {
                    longs[k] = t.journalRecord[order[from + k]];
                }
            }
            default -> throw new IllegalStateException("no reader for column " + leaf);
        }
        entries = n;
        values = n;
        if (maxDef > 0) {
            Arrays.fill(def, 0, n, maxDef);
        }
    }

    private void optional(Leaf leaf, int maxDef, int n, int present) {
        if (maxDef == 0 && present < n) {
            throw new IllegalStateException("column " + leaf + " of " + b.table().tableName()
                + " is required in the table but a tick has no value: make it optional in ColdSchema");
        }
        entries = n;
        values = present;
    }

    private void micros(long[] ns, int[] order, int from, int n) {
        for (int k = 0; k < n; k++) {
            longs[k] = Math.floorDiv(ns[order[from + k]], 1_000L);
        }
    }

    private void decimals(long[] scaled, int[] order, int from, int n) {
        for (int k = 0; k < n; k++) {
            int i = order[from + k];
            longs[k] = b.checkedDecimal(scaled[i], i);
        }
    }

    private void instrumentStrings(byte[][] byId, int[] order, int from, int n) {
        strings.clear();
        Arrays.fill(idCache, 0, byId.length, -1);
        int[] instrument = b.instrument;
        for (int k = 0; k < n; k++) {
            int at = instrument[order[from + k]];
            int id = idCache[at];
            if (id < 0) {
                byte[] text = byId[at];
                id = strings.add(text, 0, text.length);
                idCache[at] = id;
            }
            ids[k] = id;
        }
    }

    /** The vendor entries of each row as map entries: keys ({@code keys}) or values. */
    private void vendor(boolean keys, int maxDef, int maxRep, int[] order, int from, int n) {
        strings.clear();
        byte[] data = b.vendor;
        int e = 0;
        int v = 0;
        for (int k = 0; k < n; k++) {
            rowEntry[k] = e;
            int i = order[from + k];
            int length = b.vendorLength[i];
            if (e + 1 + length / 2 > def.length) {
                int capacity = Math.max(def.length * 2, e + 1 + length / 2);
                def = Arrays.copyOf(def, capacity);
                rep = Arrays.copyOf(rep, capacity);
                ids = Arrays.copyOf(ids, capacity);
            }
            if (length == 0) {
                def[e] = 0;
                rep[e] = 0;
                e++;
                continue;
            }
            int at = b.vendorAt[i];
            int end = at + length;
            int repetition = 0;
            while (at < end) {
                int keyAt = at + 1;
                int keyLength = data[at] & 0xFF;
                int valueAt = keyAt + keyLength + 1;
                int valueLength = data[keyAt + keyLength] & 0xFF;
                at = valueAt + valueLength;
                if (!repeatedLater(data, keyAt, keyLength, at, end)) {
                    def[e] = maxDef;
                    rep[e] = repetition;
                    ids[v++] = keys ? text(data, keyAt, keyLength) : text(data, valueAt, valueLength);
                    e++;
                    repetition = maxRep;
                }
            }
        }
        rowEntry[n] = e;
        entries = e;
        values = v;
    }

    /** Vendor bytes are ISO-8859-1 ({@link dev.k2.engine.tick.VendorData}): ASCII is already UTF-8, the rest takes two bytes. */
    private int text(byte[] data, int at, int length) {
        int k = at;
        while (k < at + length && data[k] >= 0) {
            k++;
        }
        if (k == at + length) {
            return strings.add(data, at, length);
        }
        if (utf8.length < 2 * length) {
            utf8 = new byte[2 * length];
        }
        int out = 0;
        for (k = at; k < at + length; k++) {
            int c = data[k] & 0xFF;
            if (c < 0x80) {
                utf8[out++] = (byte) c;
            } else {
                utf8[out++] = (byte) (0xC0 | (c >>> 6));
                utf8[out++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return strings.add(utf8, 0, out);
    }

    private static boolean repeatedLater(byte[] data, int keyAt, int keyLength, int from, int end) {
        int at = from;
        while (at < end) {
            int length = data[at] & 0xFF;
            if (length == keyLength && Arrays.equals(data, keyAt, keyAt + keyLength, data, at + 1, at + 1 + length)) {
                return true;
            }
            at += 1 + length;
            at += 1 + (data[at] & 0xFF);
        }
        return false;
    }

    private static byte[][] sides() {
        byte[][] sides = new byte[256][];
        for (int code = -128; code < 128; code++) {
            Side s = Side.ofCode(code);
            sides[code & 0xFF] = s == Side.UNKNOWN ? null
                : s.name().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        }
        return sides;
    }
}
