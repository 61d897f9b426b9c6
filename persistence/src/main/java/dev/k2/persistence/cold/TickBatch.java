package dev.k2.persistence.cold;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.engine.tick.VendorData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * The rows of one cold table in the current batch, kept column by column in growable primitive
 * arrays (no object per tick while a batch fills), then sorted by the table's sort order
 * (symbol, exchange time; journal order breaks ties) and written as Parquet by a
 * {@link ParquetEncoder}: whole pages encoded straight from these arrays, or through
 * Iceberg's generic record writer. The columns are package-private for the encoders; only this
 * class and they touch them, on the writer's thread.
 */
final class TickBatch {
    private static final long DECIMAL_LIMIT = 1_000_000_000_000_000_000L; // 10^18: decimal(18,8) holds |v| < this
    /** Journal record bytes before the values (see JournalRecord's layout): header and core fields. */
    private static final int JOURNAL_CORE_BYTES = 56;

    private final ColdTable table;
    private final boolean trades;
    private final ParquetEncoder encoder;
    int size;
    private long journalBytes;
    int[] instrument = new int[0];
    int[] channel = new int[0];
    byte[] sequenced = new byte[0];
    long[] exchangeNs = new long[0];
    long[] receiveNs = new long[0];
    long[] sourceSeq = new long[0];
    long[] tradeId = new long[0];
    byte[] side = new byte[0];
    long[] v0 = new long[0];
    long[] v1 = new long[0];
    long[] v2 = new long[0];
    long[] v3 = new long[0];
    int[] conditions = new int[0];
    int[] vendorAt = new int[0];
    int[] vendorLength = new int[0];
    long[] journalIndex = new long[0];
    int[] journalRecord = new int[0];
    byte[] vendor = new byte[0];
    private int vendorUsed;

    TickBatch(ColdTable table) {
        this(table, ParquetEncoder.COLUMNAR);
    }

    TickBatch(ColdTable table, ParquetEncoder encoder) {
        this.table = table;
        this.encoder = encoder;
        this.trades = table.kind() == TickKind.TRADE;
    }

    int size() {
        return size;
    }

    /** Journal bytes of the ticks in the batch (what the batch-bytes threshold counts). */
    long journalBytes() {
        return journalBytes;
    }

    void clear() {
        size = 0;
        journalBytes = 0;
        vendorUsed = 0;
    }

    void add(long index, int record, TickEvent t) {
        if (size == instrument.length) {
            grow(Math.max(1024, size * 2));
        }
        int i = size++;
        instrument[i] = t.instrumentId;
        channel[i] = t.channel;
        sequenced[i] = (byte) (t.sequencePolicy == SequencePolicy.UNSEQUENCED ? 0 : 1);
        exchangeNs[i] = t.exchangeTimeNs;
        receiveNs[i] = t.receiveTimeNs;
        sourceSeq[i] = t.sourceSeq;
        tradeId[i] = t.tradeId;
        side[i] = t.side.code();
        if (trades) {
            v0[i] = t.price;
            v1[i] = t.quantity;
        } else {
            v0[i] = t.bidPrice;
            v1[i] = t.bidSize;
            v2[i] = t.askPrice;
            v3[i] = t.askSize;
        }
        conditions[i] = t.conditions;
        if (vendorUsed + t.vendorLength > vendor.length) {
            vendor = Arrays.copyOf(vendor, Math.max(vendor.length * 2, vendorUsed + t.vendorLength + 4096));
        }
        System.arraycopy(t.vendorData, 0, vendor, vendorUsed, t.vendorLength);
        vendorAt[i] = vendorUsed;
        vendorLength[i] = t.vendorLength;
        vendorUsed += t.vendorLength;
        journalIndex[i] = index;
        journalRecord[i] = record;
        journalBytes += JOURNAL_CORE_BYTES + (trades ? 16 : 32) + t.vendorLength;
    }

    private void grow(int capacity) {
        instrument = Arrays.copyOf(instrument, capacity);
        channel = Arrays.copyOf(channel, capacity);
        sequenced = Arrays.copyOf(sequenced, capacity);
        exchangeNs = Arrays.copyOf(exchangeNs, capacity);
        receiveNs = Arrays.copyOf(receiveNs, capacity);
        sourceSeq = Arrays.copyOf(sourceSeq, capacity);
        tradeId = Arrays.copyOf(tradeId, capacity);
        side = Arrays.copyOf(side, capacity);
        v0 = Arrays.copyOf(v0, capacity);
        v1 = Arrays.copyOf(v1, capacity);
        v2 = Arrays.copyOf(v2, capacity);
        v3 = Arrays.copyOf(v3, capacity);
        conditions = Arrays.copyOf(conditions, capacity);
        vendorAt = Arrays.copyOf(vendorAt, capacity);
        vendorLength = Arrays.copyOf(vendorLength, capacity);
        journalIndex = Arrays.copyOf(journalIndex, capacity);
        journalRecord = Arrays.copyOf(journalRecord, capacity);
    }

    /**
     * Writes the batch's rows as Parquet data files of {@code target} (not yet committed) through
     * the batch's {@link ParquetEncoder}.
     *
     * @return the files written; empty when the batch has no rows
     */
    List<DataFile> write(Table target, InstrumentRegistry registry) {
        return size == 0 ? List.of() : encoder.write(this, target, registry);
    }

    /** The generic path: sorted {@code Integer} positions, one reused {@link GenericRecord}, a fanout writer. */
    List<DataFile> writeGeneric(Table target, InstrumentRegistry registry) {
        Schema schema = target.schema();
        Integer[] order = sortedOrder(registry);
        GenericFileWriterFactory factory = new GenericFileWriterFactory.Builder(target)
            .dataFileFormat(FileFormat.PARQUET).dataSchema(schema).dataSortOrder(target.sortOrder()).build();
        OutputFileFactory files = OutputFileFactory.builderFor(target, 1, System.currentTimeMillis())
            .format(FileFormat.PARQUET).build();
        long targetFileBytes = org.apache.iceberg.util.PropertyUtil.propertyAsLong(target.properties(),
            org.apache.iceberg.TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            org.apache.iceberg.TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
        FanoutDataWriter<Record> writer = new FanoutDataWriter<>(factory, files, target.io(), targetFileBytes);
        RowSetter row = new RowSetter(schema, trades);
        PartitionKey key = new PartitionKey(target.spec(), schema);
        InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
        try {
            for (Integer i : order) {
                Record record = row.fill(definition(registry, i), this, i);
                key.partition(wrapper.wrap(record));
                writer.write(record, target.spec(), key);
            }
        } finally {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot finish the Parquet files of " + table.tableName() + ": "
                    + e.getMessage(), e);
            }
        }
        return writer.result().dataFiles();
    }

    /** The instrument of row {@code i}; a journal that never defined it is damaged. */
    Instrument definition(InstrumentRegistry registry, int i) {
        Instrument definition = registry.byId(instrument[i]);
        if (definition == null) {
            throw new IllegalStateException("journal excerpt " + Long.toHexString(journalIndex[i]) + " record "
                + journalRecord[i] + " refers to instrument id " + instrument[i]
                + ", which the journal never defines: the journal is damaged (run k2 verify)");
        }
        return definition;
    }

    /** {@code scaled} (10^-8 units) when decimal(18,8) holds it; a clear error naming the row otherwise. */
    long checkedDecimal(long scaled, int i) {
        if (scaled <= -DECIMAL_LIMIT || scaled >= DECIMAL_LIMIT) {
            throw new IllegalStateException("journal excerpt " + Long.toHexString(journalIndex[i]) + " record "
                + journalRecord[i] + " has value " + BigDecimal.valueOf(scaled, ColdSchema.DECIMAL_SCALE)
                + ", beyond decimal(18,8) of the cold tables: widen the column type in ColdSchema");
        }
        return scaled;
    }

    ColdTable table() {
        return table;
    }

    boolean trades() {
        return trades;
    }

    private Integer[] sortedOrder(InstrumentRegistry registry) {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int bySymbol = symbolOf(registry, instrument[a]).compareTo(symbolOf(registry, instrument[b]));
            if (bySymbol != 0) {
                return bySymbol;
            }
            int byTime = Long.compare(exchangeNs[a], exchangeNs[b]);
            return byTime != 0 ? byTime : Integer.compare(a, b);
        });
        return order;
    }

    private static String symbolOf(InstrumentRegistry registry, int id) {
        Instrument instrument = registry.byId(id);
        return instrument == null ? "" : instrument.symbol();
    }

    /** Fills one reused record from a batch row. */
    private static final class RowSetter {
        private final GenericRecord record;
        private final boolean trades;
        private final int venue;
        private final int symbol;
        private final int assetClass;
        private final int channel;
        private final int exchangeTime;
        private final int receiveTime;
        private final int sourceSeq;
        private final int tradeId;
        private final int side;
        private final int v0;
        private final int v1;
        private final int v2;
        private final int v3;
        private final int conditions;
        private final int vendorData;
        private final int journalIndex;
        private final int journalRecord;

        RowSetter(Schema schema, boolean trades) {
            this.record = GenericRecord.create(schema);
            this.trades = trades;
            List<String> names = schema.columns().stream().map(f -> f.name()).toList();
            venue = names.indexOf(ColdSchema.VENUE);
            symbol = names.indexOf(ColdSchema.SYMBOL);
            assetClass = names.indexOf(ColdSchema.ASSET_CLASS);
            channel = names.indexOf(ColdSchema.CHANNEL);
            exchangeTime = names.indexOf(ColdSchema.EXCHANGE_TIME);
            receiveTime = names.indexOf(ColdSchema.RECEIVE_TIME);
            sourceSeq = names.indexOf(ColdSchema.SOURCE_SEQ);
            tradeId = names.indexOf(ColdSchema.TRADE_ID);
            side = names.indexOf(ColdSchema.SIDE);
            v0 = names.indexOf(trades ? ColdSchema.PRICE : ColdSchema.BID_PRICE);
            v1 = names.indexOf(trades ? ColdSchema.QUANTITY : ColdSchema.BID_SIZE);
            v2 = names.indexOf(ColdSchema.ASK_PRICE);
            v3 = names.indexOf(ColdSchema.ASK_SIZE);
            conditions = names.indexOf(ColdSchema.CONDITIONS);
            vendorData = names.indexOf(ColdSchema.VENDOR_DATA);
            journalIndex = names.indexOf(ColdSchema.JOURNAL_INDEX);
            journalRecord = names.indexOf(ColdSchema.JOURNAL_RECORD);
        }

        Record fill(Instrument instrument, TickBatch b, int i) {
            record.set(venue, instrument.venue());
            record.set(symbol, instrument.symbol());
            record.set(assetClass, instrument.assetClass().name().toLowerCase(Locale.ROOT));
            record.set(channel, b.channel[i]);
            record.set(exchangeTime, timestamp(b.exchangeNs[i]));
            record.set(receiveTime, timestamp(b.receiveNs[i]));
            record.set(sourceSeq, b.sequenced[i] == 0 ? null : b.sourceSeq[i]);
            if (trades) {
                record.set(tradeId, b.tradeId[i] < 0 ? null : b.tradeId[i]);
                Side s = Side.ofCode(b.side[i]);
                record.set(side, s == Side.UNKNOWN ? null : s.name().toLowerCase(Locale.ROOT));
                record.set(v0, decimal(b.v0[i], b, i));
                record.set(v1, decimal(b.v1[i], b, i));
            } else {
                record.set(v0, decimal(b.v0[i], b, i));
                record.set(v1, decimal(b.v1[i], b, i));
                record.set(v2, decimal(b.v2[i], b, i));
                record.set(v3, decimal(b.v3[i], b, i));
            }
            record.set(conditions, b.conditions[i]);
            record.set(vendorData, b.vendorLength[i] == 0 ? null
                : VendorData.toMap(b.vendor, b.vendorAt[i], b.vendorLength[i]));
            record.set(journalIndex, b.journalIndex[i]);
            record.set(journalRecord, b.journalRecord[i]);
            return record;
        }

        /** Epoch nanoseconds to a UTC timestamp, truncated to microseconds (Iceberg's timestamptz unit). */
        private static OffsetDateTime timestamp(long ns) {
            long micros = Math.floorDiv(ns, 1_000L);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
                .atOffset(ZoneOffset.UTC);
        }

        private static BigDecimal decimal(long scaled, TickBatch b, int i) {
            return BigDecimal.valueOf(b.checkedDecimal(scaled, i), ColdSchema.DECIMAL_SCALE);
        }
    }
}
