package dev.k2.persistence.cold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.AssetClass;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.engine.tick.VendorData;
import dev.k2.persistence.DataDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The columnar Parquet path writes exactly what Iceberg's generic record writer writes: the same rows
 * read back by Iceberg's own reader (every column, decimals, microsecond timestamps, nulls, vendor
 * maps), in the table's sort order within each file, with field ids and column statistics.
 */
@Timeout(120)
class ColumnarFileWriterTest {
    private static final long DAY_NS = 86_400_000_000_000L;
    private static final long START_NS = 1_767_225_600_000_000_000L + 123_456L; // 2026-01-01T00:00:00.000123456Z

    @TempDir
    Path root;

    private final InstrumentRegistry registry = new InstrumentRegistry();
    private final List<Instrument> instruments = List.of(
        registry.intern("ASX", "RIO", AssetClass.EQUITY),
        registry.intern("ASX", "BHP", AssetClass.EQUITY),
        registry.intern("BINANCE", "BTCUSDT", AssetClass.CRYPTO),
        registry.intern("BINANCE", "AAVEUSDT", AssetClass.CRYPTO),
        registry.intern("ASX", "ANZ", AssetClass.UNKNOWN));

    @Test
    void columnarTradesReadBackExactlyAsGenericTrades() throws IOException {
        compare(ColdTable.TRADES, 20_000);
    }

    @Test
    void columnarQuotesReadBackExactlyAsGenericQuotes() throws IOException {
        compare(ColdTable.QUOTES, 20_000);
    }

    @Test
    void decimalBeyondTheColumnTypeIsAClearError() {
        TickBatch batch = new TickBatch(ColdTable.TRADES, ParquetEncoder.COLUMNAR);
        TickEvent tick = tick(TickKind.TRADE, new Random(1), 0);
        tick.price = 1_000_000_000_000_000_000L;
        batch.add(7, 0, tick);
        try (ColdCatalog catalog = ColdCatalog.open(ColdSettings.embedded(new DataDirectory(root.resolve("big"))))) {
            Table table = catalog.createIfMissing(ColdTable.TRADES);
            assertThatThrownBy(() -> batch.write(table, registry))
                .hasMessageContaining("beyond decimal(18,8)").hasMessageContaining("record 0");
        }
    }

    private void compare(ColdTable kind, int rows) throws IOException {
        Random random = new Random(42);
        TickBatch generic = new TickBatch(kind, ParquetEncoder.GENERIC);
        TickBatch columnar = new TickBatch(kind, ParquetEncoder.COLUMNAR);
        for (int i = 0; i < rows; i++) {
            TickEvent tick = tick(kind.kind(), random, i);
            generic.add(1_000L + i / 8, i % 8, tick);
            columnar.add(1_000L + i / 8, i % 8, tick);
        }
        try (ColdCatalog genericCatalog = open("generic"); ColdCatalog columnarCatalog = open("columnar")) {
            Table genericTable = genericCatalog.createIfMissing(kind);
            Table columnarTable = columnarCatalog.createIfMissing(kind);
            List<DataFile> genericFiles = generic.write(genericTable, registry);
            append(genericTable, genericFiles);
            List<DataFile> files = columnar.write(columnarTable, registry);
            append(columnarTable, files);

            List<List<Object>> expected = rows(genericTable);
            List<List<Object>> actual = rows(columnarTable);
            assertThat(actual).hasSize(rows).containsExactlyElementsOf(expected);
            assertThat(actual).anySatisfy(row -> assertThat(row).containsNull());

            // (ASX, BINANCE) x three days: two, and the few ticks back-dated before the first midnight
            assertThat(files).hasSize(6);
            assertThat(files).extracting(f -> f.partition().get(0, Integer.class) + "/" + f.partition().get(1, String.class))
                .containsExactlyInAnyOrderElementsOf(genericFiles.stream()
                    .map(f -> f.partition().get(0, Integer.class) + "/" + f.partition().get(1, String.class)).toList());
            assertThat(files).extracting(DataFile::recordCount).allSatisfy(count -> assertThat(count).isPositive());
            assertThat(files.stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(rows);
            Schema schema = columnarTable.schema();
            int symbol = schema.findField(ColdSchema.SYMBOL).fieldId();
            int time = schema.findField(ColdSchema.EXCHANGE_TIME).fieldId();
            for (DataFile file : files) {
                assertThat(file.lowerBounds()).containsKeys(symbol, time);
                assertThat(file.upperBounds()).containsKeys(symbol, time);
                assertThat(file.nullValueCounts()).containsKey(time);
                assertThat(file.columnSizes()).containsKey(symbol);
                assertThat(file.sortOrderId()).isEqualTo(columnarTable.sortOrder().orderId());
                List<Record> inFile = read(columnarTable, file.location());
                assertThat(inFile).isSortedAccordingTo(Comparator
                    .comparing((Record r) -> (String) r.getField(ColdSchema.SYMBOL))
                    .thenComparing(r -> (OffsetDateTime) r.getField(ColdSchema.EXCHANGE_TIME)));
                String first = (String) inFile.get(0).getField(ColdSchema.SYMBOL);
                String last = (String) inFile.get(inFile.size() - 1).getField(ColdSchema.SYMBOL);
                assertThat(Conversions.<CharSequence>fromByteBuffer(Types.StringType.get(),
                    buffer(file.lowerBounds().get(symbol))).toString()).isEqualTo(first);
                assertThat(Conversions.<CharSequence>fromByteBuffer(Types.StringType.get(),
                    buffer(file.upperBounds().get(symbol))).toString()).isEqualTo(last);
                MessageType parquetSchema = footerSchema(file.location());
                assertThat(parquetSchema.getType(ColdSchema.SYMBOL).getId().intValue()).isEqualTo(symbol);
                assertThat(parquetSchema.getType(ColdSchema.JOURNAL_INDEX).getId().intValue())
                    .isEqualTo(schema.findField(ColdSchema.JOURNAL_INDEX).fieldId());
            }
        }
    }

    private static ByteBuffer buffer(ByteBuffer bound) {
        return bound.duplicate();
    }

    private ColdCatalog open(String name) {
        return ColdCatalog.open(ColdSettings.embedded(new DataDirectory(root.resolve(name))));
    }

    private static void append(Table table, List<DataFile> files) {
        AppendFiles append = table.newAppend();
        files.forEach(append::appendFile);
        append.commit();
    }

    /** Every row as its column values, in journal order. */
    private static List<List<Object>> rows(Table table) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            for (Record record : records) {
                List<Object> values = new ArrayList<>();
                for (int c = 0; c < record.size(); c++) {
                    values.add(record.get(c));
                }
                rows.add(values);
            }
        }
        int index = table.schema().columns().indexOf(table.schema().findField(ColdSchema.JOURNAL_INDEX));
        int record = table.schema().columns().indexOf(table.schema().findField(ColdSchema.JOURNAL_RECORD));
        rows.sort(Comparator.comparing((List<Object> r) -> (Long) r.get(index)).thenComparing(r -> (Integer) r.get(record)));
        return rows;
    }

    private static List<Record> read(Table table, String location) throws IOException {
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = Parquet.read(table.io().newInputFile(location))
            .project(table.schema())
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(table.schema(), fileSchema))
            .build()) {
            records.forEach(r -> rows.add(r.copy()));
        }
        return rows;
    }

    private static MessageType footerSchema(String location) throws IOException {
        Path file = location.startsWith("file:") ? Path.of(java.net.URI.create(location)) : Path.of(location);
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getFooter().getFileMetaData().getSchema();
        }
    }

    /** A tick with every kind of value: nulls, negative and extreme decimals, vendor maps, out-of-order times. */
    private TickEvent tick(TickKind kind, Random random, int i) {
        TickEvent t = new TickEvent().clear();
        t.kind = kind;
        t.instrumentId = instruments.get(random.nextInt(instruments.size())).id();
        t.channel = random.nextInt(3);
        t.sequencePolicy = random.nextInt(5) == 0 ? SequencePolicy.UNSEQUENCED : SequencePolicy.PERMANENT;
        long day = i < 10_000 ? 0 : DAY_NS;
        t.exchangeTimeNs = START_NS + day + i * 1_000_003L - (random.nextInt(10) == 0 ? 50_000_000L : 0);
        t.receiveTimeNs = t.exchangeTimeNs + random.nextInt(1_000_000);
        t.sourceSeq = i;
        t.tradeId = random.nextInt(4) == 0 ? -1 : random.nextLong(1L << 40);
        t.side = Side.values()[random.nextInt(3)];
        t.price = value(random);
        t.quantity = value(random);
        t.bidPrice = value(random);
        t.bidSize = value(random);
        t.askPrice = value(random);
        t.askSize = value(random);
        t.conditions = random.nextInt();
        switch (random.nextInt(4)) {
            case 0 -> { }
            case 1 -> VendorData.put(t, "mic", "XASX");
            case 2 -> {
                VendorData.put(t, "flag", "a");
                VendorData.put(t, "cond", "caf\u00e9");
                VendorData.put(t, "flag", "b");
            }
            default -> {
                VendorData.put(t, "k", "");
                VendorData.put(t, "venue_id", Integer.toString(i));
            }
        }
        return t;
    }

    private static long value(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> -random.nextLong(1_000_000_000_000L);
            case 1 -> 999_999_999_999_999_999L;
            case 2 -> 0;
            default -> random.nextLong(100_000_000_000L);
        };
    }

    @Test
    void vendorMapKeepsTheLastValueOfARepeatedKey() throws IOException {
        TickBatch batch = new TickBatch(ColdTable.TRADES, ParquetEncoder.COLUMNAR);
        TickEvent tick = tick(TickKind.TRADE, new Random(3), 0);
        tick.vendorLength = 0;
        VendorData.put(tick, "flag", "a");
        VendorData.put(tick, "x", "1");
        VendorData.put(tick, "flag", "b");
        batch.add(5, 0, tick);
        try (ColdCatalog catalog = open("vendor")) {
            Table table = catalog.createIfMissing(ColdTable.TRADES);
            append(table, batch.write(table, registry));
            try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
                Record only = records.iterator().next();
                assertThat(only.getField(ColdSchema.VENDOR_DATA)).isEqualTo(Map.of("flag", "b", "x", "1"));
            }
        }
    }
}
