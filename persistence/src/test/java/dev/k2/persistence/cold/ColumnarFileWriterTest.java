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
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
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
        List<DataFile> files = compare(ColdTable.TRADES, 20_000, (random, i) -> tick(TickKind.TRADE, random, i), Map.of());
        // (ASX, BINANCE) x three days: two, and the few ticks back-dated before the first midnight
        assertThat(files).hasSize(6);
    }

    @Test
    void columnarQuotesReadBackExactlyAsGenericQuotes() throws IOException {
        List<DataFile> files = compare(ColdTable.QUOTES, 20_000, (random, i) -> tick(TickKind.QUOTE, random, i), Map.of());
        assertThat(files).hasSize(6);
    }

    /**
     * One file of 45,000 rows: three pages per column (20,000 rows each at most), a column all null
     * (trade_id), one whose first page is all null and the others mixed (side), one mixed throughout
     * (source_seq), prices all different (PLAIN: a dictionary would not pay off), quantities of 20
     * values (a dictionary), vendor maps of up to six entries with repeated keys, Latin-1, and values
     * unique per row (PLAIN strings with repetition levels).
     */
    @Test
    void severalPagesNullsDictionaryFallbackAndVendorMapsMatchTheGenericWriter() throws IOException {
        List<DataFile> files = compare(ColdTable.TRADES, 45_000, this::pagedTrade, Map.of());
        assertThat(files).hasSize(1);
        DataFile file = files.get(0);
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(localPath(file.location())))) {
            assertThat(reader.getRowGroups()).hasSize(1);
            Map<String, ColumnChunkMetaData> chunks = chunks(reader);
            assertThat(reader.readOffsetIndex(chunks.get(ColdSchema.EXCHANGE_TIME)).getPageCount()).isEqualTo(3);
            assertThat(dictionary(chunks.get(ColdSchema.PRICE))).as("price").isFalse();
            assertThat(dictionary(chunks.get(ColdSchema.QUANTITY))).as("quantity").isTrue();
            assertThat(dictionary(chunks.get(ColdSchema.SYMBOL))).as("symbol").isTrue();
            assertThat(dictionary(chunks.get(ColdSchema.VENDOR_DATA + ".key_value.key"))).as("vendor keys").isTrue();
            assertThat(dictionary(chunks.get(ColdSchema.VENDOR_DATA + ".key_value.value"))).as("vendor values").isFalse();
            assertThat(dictionary(chunks.get(ColdSchema.EXCHANGE_TIME))).as("exchange_time").isFalse();
            ColumnChunkMetaData tradeIds = chunks.get(ColdSchema.TRADE_ID);
            assertThat(tradeIds.getStatistics().getNumNulls()).isEqualTo(45_000);
            assertThat(tradeIds.getStatistics().hasNonNullValue()).isFalse();
            ColumnIndex sides = reader.readColumnIndex(chunks.get(ColdSchema.SIDE));
            assertThat(sides.getNullPages()).containsExactly(true, false, false);
            ColumnIndex symbols = reader.readColumnIndex(chunks.get(ColdSchema.SYMBOL));
            assertThat(symbols.getMinValues()).hasSize(3);
        }
    }

    /** A dictionary larger than write.parquet.dict-size-bytes falls back to PLAIN, as parquet-mr's does. */
    @Test
    void dictionaryOverTheTableLimitFallsBackToPlain() throws IOException {
        List<DataFile> files = compare(ColdTable.TRADES, 45_000, this::pagedTrade,
            Map.of(TableProperties.PARQUET_DICT_SIZE_BYTES, "100"));
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(localPath(files.get(0).location())))) {
            Map<String, ColumnChunkMetaData> chunks = chunks(reader);
            assertThat(dictionary(chunks.get(ColdSchema.QUANTITY))).as("quantity: 20 values of 8 bytes").isFalse();
            assertThat(dictionary(chunks.get(ColdSchema.SYMBOL))).as("symbol: 3 short strings").isTrue();
        }
    }

    /** A partition larger than a row group: several row groups per file, or a file per row group at a small target size. */
    @Test
    void rowGroupsAndFilesRollAtTheirLimits() throws IOException {
        TickBatch batch = new TickBatch(ColdTable.TRADES, ParquetEncoder.COLUMNAR);
        TickBatch generic = new TickBatch(ColdTable.TRADES, ParquetEncoder.GENERIC);
        Random random = new Random(5);
        for (int i = 0; i < 45_000; i++) {
            TickEvent tick = pagedTrade(random, i);
            batch.add(1_000L + i, 0, tick);
            generic.add(1_000L + i, 0, tick);
        }
        try (ColdCatalog catalog = open("rolled"); ColdCatalog reference = open("reference")) {
            Table expected = reference.createIfMissing(ColdTable.TRADES);
            append(expected, generic.write(expected, registry));
            Table table = catalog.createIfMissing(ColdTable.TRADES);
            List<DataFile> oneFile = new ColumnarFileWriter(batch, table, registry, 10_000).write();
            assertThat(oneFile).hasSize(1);
            assertThat(oneFile.get(0).splitOffsets()).hasSize(5);
            table.updateProperties().set(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, "1").commit();
            List<DataFile> rolled = new ColumnarFileWriter(batch, table, registry, 10_000).write();
            assertThat(rolled).extracting(DataFile::recordCount).containsExactly(10_000L, 10_000L, 10_000L, 10_000L, 5_000L);
            append(table, rolled);
            assertThat(rows(table)).hasSize(45_000).containsExactlyElementsOf(rows(expected));
            for (DataFile file : oneFile) {
                assertThat(readWithParquetMr(file.location())).hasSize(45_000);
            }
        }
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

    /**
     * Writes the same ticks with both encoders into fresh tables with {@code properties}, and checks
     * the columnar files read back as the generic ones (Iceberg's reader, and parquet-mr's own record
     * reader), are sorted, carry field ids, and have the same metrics per partition.
     *
     * @return the columnar files
     */
    private List<DataFile> compare(ColdTable kind, int rows, BiFunction<Random, Integer, TickEvent> ticks,
                                   Map<String, String> properties) throws IOException {
        Random random = new Random(42);
        TickBatch generic = new TickBatch(kind, ParquetEncoder.GENERIC);
        TickBatch columnar = new TickBatch(kind, ParquetEncoder.COLUMNAR);
        for (int i = 0; i < rows; i++) {
            TickEvent tick = ticks.apply(random, i);
            generic.add(1_000L + i / 8, i % 8, tick);
            columnar.add(1_000L + i / 8, i % 8, tick);
        }
        try (ColdCatalog genericCatalog = open("generic"); ColdCatalog columnarCatalog = open("columnar")) {
            Table genericTable = withProperties(genericCatalog.createIfMissing(kind), properties);
            Table columnarTable = withProperties(columnarCatalog.createIfMissing(kind), properties);
            List<DataFile> genericFiles = generic.write(genericTable, registry);
            append(genericTable, genericFiles);
            List<DataFile> files = columnar.write(columnarTable, registry);
            append(columnarTable, files);

            List<List<Object>> expected = rows(genericTable);
            List<List<Object>> actual = rows(columnarTable);
            assertThat(actual).hasSize(rows).containsExactlyElementsOf(expected);
            assertThat(actual).anySatisfy(row -> assertThat(row).containsNull());

            assertThat(files).extracting(ColumnarFileWriterTest::partition)
                .containsExactlyInAnyOrderElementsOf(genericFiles.stream().map(ColumnarFileWriterTest::partition).toList());
            assertThat(files).extracting(DataFile::recordCount).allSatisfy(count -> assertThat(count).isPositive());
            assertThat(files.stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(rows);
            Map<String, DataFile> genericByPartition = new HashMap<>();
            genericFiles.forEach(f -> genericByPartition.put(partition(f), f));
            Schema schema = columnarTable.schema();
            int symbol = schema.findField(ColdSchema.SYMBOL).fieldId();
            int time = schema.findField(ColdSchema.EXCHANGE_TIME).fieldId();
            for (DataFile file : files) {
                DataFile reference = genericByPartition.get(partition(file));
                assertThat(file.recordCount()).isEqualTo(reference.recordCount());
                assertThat(file.valueCounts()).isEqualTo(reference.valueCounts());
                assertThat(file.nullValueCounts()).isEqualTo(reference.nullValueCounts());
                assertThat(file.lowerBounds()).isEqualTo(reference.lowerBounds());
                assertThat(file.upperBounds()).isEqualTo(reference.upperBounds());
                assertThat(file.lowerBounds()).containsKeys(symbol, time);
                assertThat(file.upperBounds()).containsKeys(symbol, time);
                assertThat(file.nullValueCounts()).containsKey(time);
                assertThat(file.columnSizes()).containsKey(symbol);
                assertThat(file.splitOffsets()).isEqualTo(List.of(4L));
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
                assertThat(readWithParquetMr(file.location())).isEqualTo(inFile.stream()
                    .map(r -> essentials(r, kind == ColdTable.TRADES)).toList());
            }
            return files;
        }
    }

    private static String partition(DataFile file) {
        return file.partition().get(0, Integer.class) + "/" + file.partition().get(1, String.class);
    }

    private static Table withProperties(Table table, Map<String, String> properties) {
        if (!properties.isEmpty()) {
            var update = table.updateProperties();
            properties.forEach(update::set);
            update.commit();
        }
        return table;
    }

    /**
     * The file read by parquet-mr's example record reader (its own page, level and dictionary decoders),
     * each row as {@link #essentials}.
     */
    private static List<List<Object>> readWithParquetMr(String location) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(localPath(location)))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            boolean trades = schema.containsField(ColdSchema.PRICE);
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                    .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long r = 0; r < pages.getRowCount(); r++) {
                    Group g = records.read();
                    Map<String, String> vendor = null;
                    if (g.getFieldRepetitionCount(ColdSchema.VENDOR_DATA) > 0) {
                        Group map = g.getGroup(ColdSchema.VENDOR_DATA, 0);
                        vendor = new LinkedHashMap<>();
                        for (int e = 0; e < map.getFieldRepetitionCount(0); e++) {
                            Group entry = map.getGroup(0, e);
                            vendor.put(entry.getString("key", 0), entry.getString("value", 0));
                        }
                    }
                    rows.add(java.util.Arrays.asList(g.getString(ColdSchema.SYMBOL, 0),
                        g.getLong(ColdSchema.EXCHANGE_TIME, 0),
                        g.getLong(trades ? ColdSchema.PRICE : ColdSchema.ASK_PRICE, 0),
                        g.getFieldRepetitionCount(ColdSchema.SOURCE_SEQ) == 0 ? null : g.getLong(ColdSchema.SOURCE_SEQ, 0),
                        !trades || g.getFieldRepetitionCount(ColdSchema.SIDE) == 0 ? null : g.getString(ColdSchema.SIDE, 0),
                        g.getInteger(ColdSchema.CONDITIONS, 0),
                        vendor));
                }
            }
        }
        return rows;
    }

    /** Symbol, exchange time (micros), price (ask price), source_seq, side, conditions, vendor map of an Iceberg record. */
    private static List<Object> essentials(Record r, boolean trades) {
        OffsetDateTime time = (OffsetDateTime) r.getField(ColdSchema.EXCHANGE_TIME);
        long micros = time.toEpochSecond() * 1_000_000L + time.getNano() / 1_000;
        BigDecimal price = (BigDecimal) r.getField(trades ? ColdSchema.PRICE : ColdSchema.ASK_PRICE);
        return java.util.Arrays.asList(r.getField(ColdSchema.SYMBOL), micros, price.unscaledValue().longValueExact(),
            r.getField(ColdSchema.SOURCE_SEQ), trades ? r.getField(ColdSchema.SIDE) : null,
            r.getField(ColdSchema.CONDITIONS), r.getField(ColdSchema.VENDOR_DATA));
    }

    private static Map<String, ColumnChunkMetaData> chunks(ParquetFileReader reader) {
        Map<String, ColumnChunkMetaData> chunks = new HashMap<>();
        for (ColumnChunkMetaData chunk : reader.getRowGroups().get(0).getColumns()) {
            chunks.put(chunk.getPath().toDotString(), chunk);
        }
        return chunks;
    }

    @SuppressWarnings("deprecation")
    private static boolean dictionary(ColumnChunkMetaData chunk) {
        return chunk.getEncodingStats().hasDictionaryPages() && chunk.getEncodingStats().hasDictionaryEncodedPages()
            && chunk.getEncodings().contains(Encoding.PLAIN_DICTIONARY);
    }

    private static Path localPath(String location) {
        return location.startsWith("file:") ? Path.of(java.net.URI.create(location)) : Path.of(location);
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
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(localPath(location)))) {
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

    /** ASX trades of one day, in time order (see {@link #severalPagesNullsDictionaryFallbackAndVendorMapsMatchTheGenericWriter}). */
    private TickEvent pagedTrade(Random random, int i) {
        TickEvent t = new TickEvent().clear();
        t.kind = TickKind.TRADE;
        Instrument instrument = instruments.get(new int[] {0, 1, 4}[random.nextInt(3)]); // RIO, BHP, ANZ
        t.instrumentId = instrument.id();
        t.channel = 0;
        t.sequencePolicy = i % 3 == 0 ? SequencePolicy.UNSEQUENCED : SequencePolicy.PERMANENT;
        t.exchangeTimeNs = START_NS + i * 1_000_003L;
        t.receiveTimeNs = t.exchangeTimeNs + random.nextInt(1_000_000);
        t.sourceSeq = i;
        t.tradeId = -1;
        boolean noSide = instrument.symbol().equals("ANZ") || (instrument.symbol().equals("BHP") && i < 30_000)
            || random.nextInt(4) == 0;
        t.side = noSide ? Side.UNKNOWN : random.nextBoolean() ? Side.BUY : Side.SELL;
        t.price = random.nextLong(1L << 50);
        t.quantity = (1 + random.nextInt(20)) * 100_000_000L;
        t.conditions = random.nextInt(4);
        int entries = random.nextInt(7);
        for (int e = 0; e < entries; e++) {
            String key = "k" + random.nextInt(5);
            String value = random.nextBoolean() ? "id" + i + "." + e : "caf\u00e9" + i + "." + e; // unique: PLAIN
            VendorData.put(t, key, value);
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
