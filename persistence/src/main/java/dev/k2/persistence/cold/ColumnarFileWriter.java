package dev.k2.persistence.cold;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;

/**
 * The fast path from a {@link TickBatch} to Parquet: each column chunk is encoded whole, page by page,
 * straight from the batch's sorted primitive arrays ({@link LeafColumnReader} reads a column,
 * {@link ColumnChunkEncoder} encodes its pages) into parquet-mr's low-level {@link ParquetFileWriter},
 * with no record, {@code BigDecimal}, {@code Binary} or map per row and no value-at-a-time column
 * writer. The file is what Iceberg's {@code Parquet.write(...).forTable(table)} writes: the Parquet
 * schema Iceberg derives from the table (field ids included), the {@code iceberg.schema} key in the
 * footer, data pages v1, the table's codec and page, dictionary and file size properties; the data
 * file's metrics (counts, nulls, bounds per the table's metrics config) and split offsets come from
 * the footer through Iceberg's own {@link ParquetUtil}.
 *
 * <p>Order without comparing strings per row: instruments are ranked once by (venue, symbol); each row
 * falls in a group (venue, day, symbol rank), a counting sort puts the groups in the table's order,
 * and within a group the rows are already in exchange-time order unless the feed was out of order
 * (then a stable merge sort on the times). Consecutive groups of one (venue, day) are one partition,
 * written as one file of one row group (up to {@value #ROW_GROUP_ROWS} rows; a larger partition gets
 * more row groups), the file rolled after the row group that reaches the table's target file size.
 */
final class ColumnarFileWriter {
    /** Rows of a row group: bounds the reused column arrays (8 MiB per long column). */
    static final int ROW_GROUP_ROWS = 1 << 20;
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final int INSERTION_SORT_MAX = 32;

    private final TickBatch batch;
    private final Table target;
    private final InstrumentRegistry registry;
    private final PartitionSpec spec;
    private final int dayField;
    private final int venueField;
    private final long targetFileBytes;
    private final int rowGroupRows;
    private final int pageRows;
    private final int pageBytes;
    private final int dictionaryBytes;
    /** By instrument id: the rank of its (venue, symbol), and its strings as UTF-8. */
    private int[] rankById;
    private byte[][] venueById;
    private byte[][] symbolById;
    private byte[][] assetClassById;
    private String[] venueNameById;
    /** By rank: the ordinal of its venue among the batch's venues. */
    private int[] venueOfRank;

    ColumnarFileWriter(TickBatch batch, Table target, InstrumentRegistry registry) {
        this(batch, target, registry, ROW_GROUP_ROWS);
    }

    /** With row groups of at most {@code rowGroupRows} rows (tests: several row groups and files without millions of rows). */
    ColumnarFileWriter(TickBatch batch, Table target, InstrumentRegistry registry, int rowGroupRows) {
        this.rowGroupRows = rowGroupRows;
        this.batch = batch;
        this.target = target;
        this.registry = registry;
        this.spec = target.spec();
        Schema schema = target.schema();
        int timeId = schema.findField(ColdSchema.EXCHANGE_TIME).fieldId();
        int venueId = schema.findField(ColdSchema.VENUE).fieldId();
        int day = -1;
        int venue = -1;
        List<PartitionField> fields = spec.fields();
        for (int f = 0; f < fields.size(); f++) {
            PartitionField field = fields.get(f);
            String transform = field.transform().toString();
            if (field.sourceId() == timeId && "day".equals(transform)) {
                day = f;
            } else if (field.sourceId() == venueId && "identity".equals(transform)) {
                venue = f;
            } else {
                throw new IllegalStateException("table " + target.name() + " has partition field " + field
                    + "; the columnar Parquet writer partitions by day(exchange_time) and venue only"
                    + " (write with ParquetEncoder.GENERIC, or teach ColumnarFileWriter the new spec)");
            }
        }
        if (day < 0 || venue < 0) {
            throw new IllegalStateException("table " + target.name() + " is partitioned by " + spec
                + "; the columnar Parquet writer expects day(exchange_time) and venue");
        }
        this.dayField = day;
        this.venueField = venue;
        this.targetFileBytes = PropertyUtil.propertyAsLong(target.properties(),
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
        Map<String, String> properties = target.properties();
        this.pageRows = PropertyUtil.propertyAsInt(properties, TableProperties.PARQUET_PAGE_ROW_LIMIT,
            TableProperties.PARQUET_PAGE_ROW_LIMIT_DEFAULT);
        this.pageBytes = PropertyUtil.propertyAsInt(properties, TableProperties.PARQUET_PAGE_SIZE_BYTES,
            TableProperties.PARQUET_PAGE_SIZE_BYTES_DEFAULT);
        this.dictionaryBytes = PropertyUtil.propertyAsInt(properties, TableProperties.PARQUET_DICT_SIZE_BYTES,
            TableProperties.PARQUET_DICT_SIZE_BYTES_DEFAULT);
    }

    List<DataFile> write() {
        int n = batch.size;
        rankInstruments();
        int[] groupOf = new int[n];
        Groups groups = new Groups();
        int[] lastDay = new int[venueOfRank.length];
        int[] lastGroup = new int[venueOfRank.length];
        Arrays.fill(lastGroup, -1);
        for (int i = 0; i < n; i++) {
            int rank = rankById[batch.instrument[i]];
            int day = (int) Math.floorDiv(Math.floorDiv(batch.exchangeNs[i], 1_000L), MICROS_PER_DAY);
            int group = lastGroup[rank];
            if (group < 0 || lastDay[rank] != day) {
                group = groups.of(day, rank);
                lastDay[rank] = day;
                lastGroup[rank] = group;
            }
            groupOf[i] = group;
            groups.rows[group]++;
        }
        Integer[] sortedGroups = new Integer[groups.count];
        for (int g = 0; g < groups.count; g++) {
            sortedGroups[g] = g;
        }
        Arrays.sort(sortedGroups, Comparator.<Integer>comparingInt(g -> venueOfRank[groups.rank[g]])
            .thenComparingInt(g -> groups.day[g]).thenComparingInt(g -> groups.rank[g]));
        int[] next = new int[groups.count];
        int at = 0;
        for (int g : sortedGroups) {
            next[g] = at;
            at += groups.rows[g];
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[next[groupOf[i]]++] = i;
        }
        int[] scratch = null;
        at = 0;
        for (int g : sortedGroups) {
            int end = at + groups.rows[g];
            if (!timeOrdered(order, at, end)) {
                if (scratch == null) {
                    scratch = new int[n];
                }
                mergeSort(order, scratch, at, end);
            }
            at = end;
        }
        List<DataFile> files = new ArrayList<>();
        OutputFileFactory outputs = OutputFileFactory.builderFor(target, 1, System.currentTimeMillis())
            .format(FileFormat.PARQUET).build();
        try (PageCompressor compressor = new PageCompressor(target)) {
            Encoding encoding = new Encoding(compressor);
            at = 0;
            int s = 0;
            while (s < sortedGroups.length) {
                int first = sortedGroups[s];
                int end = at;
                while (s < sortedGroups.length && sameVenueAndDay(groups, first, sortedGroups[s])) {
                    end += groups.rows[sortedGroups[s]];
                    s++;
                }
                writePartition(encoding, outputs, order, at, end, groups.day[first],
                    venueNameById[batch.instrument[order[at]]], files);
                at = end;
            }
        }
        return files;
    }

    private boolean sameVenueAndDay(Groups groups, int a, int b) {
        return groups.day[a] == groups.day[b] && venueOfRank[groups.rank[a]] == venueOfRank[groups.rank[b]];
    }

    /** Ranks the batch's instruments by (venue, symbol); instruments sharing both share a rank. */
    private void rankInstruments() {
        int maxId = 0;
        for (int i = 0; i < batch.size; i++) {
            if (batch.instrument[i] < 0) {
                batch.definition(registry, i);
            }
            maxId = Math.max(maxId, batch.instrument[i]);
        }
        Instrument[] byId = new Instrument[maxId + 1];
        List<Instrument> present = new ArrayList<>();
        for (int i = 0; i < batch.size; i++) {
            if (byId[batch.instrument[i]] == null) {
                Instrument definition = batch.definition(registry, i);
                byId[batch.instrument[i]] = definition;
                present.add(definition);
            }
        }
        present.sort(Comparator.comparing(Instrument::venue).thenComparing(Instrument::symbol));
        rankById = new int[maxId + 1];
        venueById = new byte[maxId + 1][];
        symbolById = new byte[maxId + 1][];
        assetClassById = new byte[maxId + 1][];
        venueNameById = new String[maxId + 1];
        venueOfRank = new int[present.size()];
        Map<String, byte[]> strings = new HashMap<>();
        int rank = -1;
        int venue = -1;
        Instrument previous = null;
        for (Instrument definition : present) {
            boolean newVenue = previous == null || !previous.venue().equals(definition.venue());
            if (newVenue || !previous.symbol().equals(definition.symbol())) {
                rank++;
            }
            if (newVenue) {
                venue++;
            }
            venueOfRank[rank] = venue;
            int id = definition.id();
            rankById[id] = rank;
            venueById[id] = strings.computeIfAbsent(definition.venue(), ColumnarFileWriter::utf8);
            symbolById[id] = strings.computeIfAbsent(definition.symbol(), ColumnarFileWriter::utf8);
            assetClassById[id] = strings.computeIfAbsent(definition.assetClass().name().toLowerCase(Locale.ROOT),
                ColumnarFileWriter::utf8);
            venueNameById[id] = definition.venue();
            previous = definition;
        }
        venueOfRank = Arrays.copyOf(venueOfRank, rank + 1);
    }

    private boolean timeOrdered(int[] order, int from, int to) {
        long[] time = batch.exchangeNs;
        for (int k = from + 1; k < to; k++) {
            if (time[order[k]] < time[order[k - 1]]) {
                return false;
            }
        }
        return true;
    }

    /** Stable sort of {@code order[from, to)} by exchange time (equal times keep their batch order). */
    private void mergeSort(int[] order, int[] scratch, int from, int to) {
        long[] time = batch.exchangeNs;
        if (to - from <= INSERTION_SORT_MAX) {
            for (int k = from + 1; k < to; k++) {
                int row = order[k];
                int j = k - 1;
                while (j >= from && time[order[j]] > time[row]) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = row;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(order, scratch, from, mid);
        mergeSort(order, scratch, mid, to);
        if (time[order[mid - 1]] <= time[order[mid]]) {
            return;
        }
        System.arraycopy(order, from, scratch, from, to - from);
        int left = from;
        int right = mid;
        for (int k = from; k < to; k++) {
            if (right >= to || (left < mid && time[scratch[left]] <= time[scratch[right]])) {
                order[k] = scratch[left++];
            } else {
                order[k] = scratch[right++];
            }
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code order[from, to)}, all of one partition, as one or more files (rolled at the target size). */
    private void writePartition(Encoding encoding, OutputFileFactory outputs, int[] order, int from, int to, int day,
                                String venue, List<DataFile> files) {
        PartitionKey key = new PartitionKey(spec, target.schema());
        key.set(dayField, day);
        key.set(venueField, venue);
        int at = from;
        while (at < to) {
            OutputFile file = outputs.newOutputFile(spec, key).encryptingOutputFile();
            ParquetOutput output = new ParquetOutput(file);
            ParquetFileWriter writer;
            try {
                writer = new ParquetFileWriter(output, encoding.type, ParquetFileWriter.Mode.CREATE,
                    TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES_DEFAULT, 0, null, encoding.properties);
                writer.start();
                do {
                    int end = Math.min(to, at + rowGroupRows);
                    writer.startBlock(end - at);
                    for (int c = 0; c < encoding.columns.length; c++) {
                        ColumnDescriptor column = encoding.columns[c];
                        LeafColumnReader.Leaf leaf = encoding.leaves[c];
                        encoding.values.read(leaf, column, order, at, end);
                        encoding.chunks.write(writer, column, encoding.values, !leaf.nearlyUnique());
                    }
                    writer.endBlock();
                    at = end;
                } while (at < to && writer.getPos() < targetFileBytes);
                writer.end(encoding.metadata);
            } catch (IOException | RuntimeException e) {
                output.abandon();
                try {
                    target.io().deleteFile(file.location());
                } catch (RuntimeException notDeleted) {
                    e.addSuppressed(notDeleted);
                }
                if (e instanceof IOException io) {
                    throw new UncheckedIOException("cannot write Parquet file " + file.location() + " of "
                        + target.name() + ": " + e.getMessage(), io);
                }
                throw (RuntimeException) e;
            }
            ParquetMetadata footer = writer.getFooter();
            files.add(DataFiles.builder(spec)
                .withPath(file.location())
                .withFormat(FileFormat.PARQUET)
                .withPartition(key)
                .withFileSizeInBytes(output.length())
                .withMetrics(ParquetUtil.footerMetrics(footer, Stream.empty(), encoding.metrics))
                .withSplitOffsets(ParquetUtil.getSplitOffsets(footer))
                .withSortOrder(target.sortOrder())
                .build());
        }
    }

    /** What every file of the batch shares: the Parquet schema, its leaves, the reused arrays and buffers. */
    private final class Encoding {
        final MessageType type;
        final ColumnDescriptor[] columns;
        final LeafColumnReader.Leaf[] leaves;
        final LeafColumnReader values;
        final ColumnChunkEncoder chunks;
        final ParquetProperties properties;
        final MetricsConfig metrics;
        final Map<String, String> metadata;

        Encoding(PageCompressor compressor) {
            Schema schema = target.schema();
            this.type = ParquetSchemaUtil.convert(schema, "table");
            this.columns = type.getColumns().toArray(new ColumnDescriptor[0]);
            this.leaves = LeafColumnReader.of(type, batch);
            this.values = new LeafColumnReader(batch, venueById, symbolById, assetClassById);
            this.chunks = new ColumnChunkEncoder(compressor, pageRows, pageBytes, dictionaryBytes);
            this.properties = ParquetProperties.builder().withPageRowCountLimit(pageRows).withPageSize(pageBytes)
                .withDictionaryPageSize(dictionaryBytes).build();
            this.metrics = MetricsConfig.forTable(target);
            this.metadata = Map.of("iceberg.schema", SchemaParser.toJson(schema));
        }
    }

    /** Distinct (day, symbol rank) pairs of the batch, with their row counts. */
    private static final class Groups {
        private final Map<Long, Integer> ids = new HashMap<>();
        int count;
        int[] day = new int[64];
        int[] rank = new int[64];
        int[] rows = new int[64];

        int of(int d, int r) {
            Long key = ((long) d << 32) | (r & 0xFFFF_FFFFL);
            Integer known = ids.get(key);
            if (known != null) {
                return known;
            }
            if (count == day.length) {
                day = Arrays.copyOf(day, count * 2);
                rank = Arrays.copyOf(rank, count * 2);
                rows = Arrays.copyOf(rows, count * 2);
            }
            day[count] = d;
            rank[count] = r;
            ids.put(key, count);
            return count++;
        }
    }
}
