package dev.k2.persistence.cold;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The one definition of the cold tables' columns (issue 4): {@code k2.trades} and {@code k2.quotes}
 * share the common columns and add their kind's values, so Spark, Trino and DuckDB see one
 * vocabulary. The ids below are the ones this definition declares; Iceberg's catalog assigns fresh
 * ids when it creates a table (in column order), so read a table's ids from its own schema, never
 * from this list. Once a table exists its ids stay fixed across schema evolution.
 *
 * <pre>
 * id  column          type                 trades quotes  from the journal
 *  1  venue           string (required)      x      x     instrument definition
 *  2  symbol          string (required)      x      x     instrument definition
 *  3  asset_class     string                 x      x     instrument definition (lower case)
 *  4  channel         int (required)         x      x     sub-stream: (venue, symbol, channel, source_seq) is the key
 *  5  exchange_time   timestamptz (micros)   x      x     exchange time, ns truncated to micros
 *  6  receive_time    timestamptz (micros)   x      x     receive time, ns truncated to micros
 *  7  source_seq      long                   x      x     null on unsequenced streams
 *  8  trade_id        long                   x            null when the venue has none
 *  9  side            string                 x            "buy", "sell", null when unknown
 * 10  price           decimal(18,8)          x
 * 11  quantity        decimal(18,8)          x
 * 12  bid_price       decimal(18,8)                 x
 * 13  bid_size        decimal(18,8)                 x
 * 14  ask_price       decimal(18,8)                 x
 * 15  ask_size        decimal(18,8)                 x
 * 16  conditions      int (required)         x      x     venue condition flags
 * 17  vendor_data     map&lt;string,string&gt;    x      x     bounded venue-specific data (key 101, value 102)
 * 18  journal_index   long (required)        x      x     Chronicle index of the excerpt holding the tick
 * 19  journal_record  int (required)         x      x     the tick's ordinal in that excerpt
 * </pre>
 *
 * <p>Both tables: Iceberg format version 2, partitioned by {@code day(exchange_time)} and
 * {@code venue}, sort order {@code symbol, exchange_time} (the writer sorts each batch that way).
 * ({@code journal_index}, {@code journal_record}) addresses the row's record in the journal.
 */
public final class ColdSchema {
    /** Scale of every decimal column: the journal's scaled longs are 10^-8 units (DESIGN.md 6). */
    public static final int DECIMAL_SCALE = 8;
    public static final int DECIMAL_PRECISION = 18;
    public static final int FORMAT_VERSION = 2;

    public static final String VENUE = "venue";
    public static final String SYMBOL = "symbol";
    public static final String ASSET_CLASS = "asset_class";
    public static final String CHANNEL = "channel";
    public static final String EXCHANGE_TIME = "exchange_time";
    public static final String RECEIVE_TIME = "receive_time";
    public static final String SOURCE_SEQ = "source_seq";
    public static final String TRADE_ID = "trade_id";
    public static final String SIDE = "side";
    public static final String PRICE = "price";
    public static final String QUANTITY = "quantity";
    public static final String BID_PRICE = "bid_price";
    public static final String BID_SIZE = "bid_size";
    public static final String ASK_PRICE = "ask_price";
    public static final String ASK_SIZE = "ask_size";
    public static final String CONDITIONS = "conditions";
    public static final String VENDOR_DATA = "vendor_data";
    public static final String JOURNAL_INDEX = "journal_index";
    public static final String JOURNAL_RECORD = "journal_record";

    private static final Type DECIMAL = Types.DecimalType.of(DECIMAL_PRECISION, DECIMAL_SCALE);
    private static final Type TIMESTAMP = Types.TimestampType.withZone();

    private static final List<Types.NestedField> HEAD = List.of(
        Types.NestedField.required(1, VENUE, Types.StringType.get(), "venue code, e.g. ASX, BINANCE"),
        Types.NestedField.required(2, SYMBOL, Types.StringType.get(), "instrument symbol at the venue"),
        Types.NestedField.optional(3, ASSET_CLASS, Types.StringType.get(), "equity, crypto, future, fx or unknown"),
        Types.NestedField.required(4, CHANNEL, Types.IntegerType.get(), "sub-stream of the instrument (feed defined)"),
        Types.NestedField.required(5, EXCHANGE_TIME, TIMESTAMP, "exchange time, UTC"),
        Types.NestedField.required(6, RECEIVE_TIME, TIMESTAMP, "time K2 received the tick, UTC"),
        Types.NestedField.optional(7, SOURCE_SEQ, Types.LongType.get(), "sequence within the stream; null if unsequenced"));

    private static final List<Types.NestedField> TRADE_VALUES = List.of(
        Types.NestedField.optional(8, TRADE_ID, Types.LongType.get(), "venue trade id; null when the venue has none"),
        Types.NestedField.optional(9, SIDE, Types.StringType.get(), "aggressor side: buy, sell; null when unknown"),
        Types.NestedField.required(10, PRICE, DECIMAL),
        Types.NestedField.required(11, QUANTITY, DECIMAL));

    private static final List<Types.NestedField> QUOTE_VALUES = List.of(
        Types.NestedField.required(12, BID_PRICE, DECIMAL),
        Types.NestedField.required(13, BID_SIZE, DECIMAL),
        Types.NestedField.required(14, ASK_PRICE, DECIMAL),
        Types.NestedField.required(15, ASK_SIZE, DECIMAL));

    private static final List<Types.NestedField> TAIL = List.of(
        Types.NestedField.required(16, CONDITIONS, Types.IntegerType.get(), "venue condition flags"),
        Types.NestedField.optional(17, VENDOR_DATA,
            Types.MapType.ofRequired(101, 102, Types.StringType.get(), Types.StringType.get()),
            "venue-specific data"),
        Types.NestedField.required(18, JOURNAL_INDEX, Types.LongType.get(), "Chronicle index of the journal excerpt"),
        Types.NestedField.required(19, JOURNAL_RECORD, Types.IntegerType.get(), "record ordinal within the excerpt"));

    private ColdSchema() {
    }

    /** The columns of one table, in order: the common head, the kind's values, the common tail. */
    static Schema schema(boolean trades) {
        List<Types.NestedField> fields = new ArrayList<>(HEAD);
        fields.addAll(trades ? TRADE_VALUES : QUOTE_VALUES);
        fields.addAll(TAIL);
        return new Schema(fields);
    }

    static PartitionSpec partitionSpec(Schema schema) {
        return PartitionSpec.builderFor(schema).day(EXCHANGE_TIME).identity(VENUE).build();
    }

    static SortOrder sortOrder(Schema schema) {
        return SortOrder.builderFor(schema)
            .sortBy(SYMBOL, SortDirection.ASC, NullOrder.NULLS_FIRST)
            .sortBy(EXCHANGE_TIME, SortDirection.ASC, NullOrder.NULLS_FIRST)
            .build();
    }
}
