package dev.k2.persistence.cold;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.Side;
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
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.parquet.TripleWriter;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * The previous columnar path, kept only to measure {@link ColumnarFileWriter} against it side by side
 * ({@link ParquetEncoder#PER_VALUE}): the batch's primitive arrays go straight into
 * parquet-mr's column writers, with no record, {@code BigDecimal}, {@code OffsetDateTime} or map per
 * row. Iceberg's {@link Parquet#write} still builds the file, so the Parquet schema carries the
 * table's field ids, the table's properties (zstd, dictionary, row-group size) apply, and the data
 * file's metrics (counts, nulls, min/max per the table's metrics config) come from the footer.
 *
 * <p>Order without comparing strings per row: instruments are ranked once by (venue, symbol); each row
 * falls in a group (venue, day, symbol rank), a counting sort puts the groups in the table's order,
 * and within a group the rows are already in exchange-time order unless the feed was out of order
 * (then a stable merge sort on the times). Consecutive groups of one (venue, day) are one partition,
 * written as one file, rolled at the table's target file size.
 */
final class PerValueFileWriter {
    /** Columns whose values are (almost) all different: parquet-mr's dictionary attempt is wasted work there. */
    private static final String[] NEARLY_UNIQUE_COLUMNS = {ColdSchema.EXCHANGE_TIME, ColdSchema.RECEIVE_TIME,
        ColdSchema.SOURCE_SEQ, ColdSchema.TRADE_ID, ColdSchema.JOURNAL_INDEX, ColdSchema.JOURNAL_RECORD};

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final int ROWS_PER_SIZE_CHECK = 1000;
    private static final int INSERTION_SORT_MAX = 32;

    private final TickBatch batch;
    private final Table target;
    private final InstrumentRegistry registry;
    private final PartitionSpec spec;
    private final int dayField;
    private final int venueField;
    private final long targetFileBytes;
    /** By instrument id: the rank of its (venue, symbol), and its values as Parquet binaries. */
    private int[] rankById;
    private Binary[] venueById;
    private Binary[] symbolById;
    private Binary[] assetClassById;
    private String[] venueNameById;
    /** By rank: the ordinal of its venue among the batch's venues. */
    private int[] venueOfRank;

    PerValueFileWriter(TickBatch batch, Table target, InstrumentRegistry registry) {
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
                    + " (write with ParquetEncoder.GENERIC, or teach PerValueFileWriter the new spec)");
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
        at = 0;
        int s = 0;
        while (s < sortedGroups.length) {
            int first = sortedGroups[s];
            int end = at;
            while (s < sortedGroups.length && sameVenueAndDay(groups, first, sortedGroups[s])) {
                end += groups.rows[sortedGroups[s]];
                s++;
            }
            writePartition(outputs, order, at, end, groups.day[first], venueNameById[batch.instrument[order[at]]], files);
            at = end;
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
        venueById = new Binary[maxId + 1];
        symbolById = new Binary[maxId + 1];
        assetClassById = new Binary[maxId + 1];
        venueNameById = new String[maxId + 1];
        venueOfRank = new int[present.size()];
        Map<String, Binary> strings = new HashMap<>();
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
            venueById[id] = strings.computeIfAbsent(definition.venue(), Binary::fromString);
            symbolById[id] = strings.computeIfAbsent(definition.symbol(), Binary::fromString);
            assetClassById[id] = strings.computeIfAbsent(definition.assetClass().name().toLowerCase(Locale.ROOT),
                Binary::fromString);
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

    /** Writes {@code order[from, to)}, all of one partition, as one or more files (rolled at the target size). */
    private void writePartition(OutputFileFactory outputs, int[] order, int from, int to, int day, String venue,
                                List<DataFile> files) {
        PartitionKey key = new PartitionKey(spec, target.schema());
        key.set(dayField, day);
        key.set(venueField, venue);
        int at = from;
        while (at < to) {
            OutputFile file = outputs.newOutputFile(spec, key).encryptingOutputFile();
            RowCursor cursor = new RowCursor();
            FileAppender<RowCursor> appender;
            try {
                Parquet.WriteBuilder builder = Parquet.write(file).forTable(target)
                    .createWriterFunc(type -> new RowWriter(type, batch, this));
                for (String unique : NEARLY_UNIQUE_COLUMNS) {
                    if (target.schema().findField(unique) != null) { // quotes have no trade_id: Iceberg warns per file
                        builder.withDictionaryEncoding(unique, false); // a dictionary never pays off: skip the attempt
                    }
                }
                appender = builder.build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create Parquet file " + file.location() + " of "
                    + target.name() + ": " + e.getMessage(), e);
            }
            try {
                int sinceCheck = 0;
                while (at < to) {
                    cursor.row = order[at++];
                    appender.add(cursor);
                    if (++sinceCheck == ROWS_PER_SIZE_CHECK) {
                        sinceCheck = 0;
                        if (appender.length() >= targetFileBytes) {
                            break;
                        }
                    }
                }
            } finally {
                try {
                    appender.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot finish Parquet file " + file.location() + " of "
                        + target.name() + ": " + e.getMessage(), e);
                }
            }
            files.add(DataFiles.builder(spec)
                .withPath(file.location())
                .withFormat(FileFormat.PARQUET)
                .withPartition(key)
                .withFileSizeInBytes(appender.length())
                .withMetrics(appender.metrics())
                .withSplitOffsets(appender.splitOffsets())
                .withSortOrder(target.sortOrder())
                .build());
        }
    }

    /** The batch row the Parquet writer takes next (one per file, reused for every row). */
    static final class RowCursor {
        int row;
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

    /**
     * Writes one row of the batch into the file's column writers, levels and all. Required columns
     * have definition level 0; a present optional top-level column 1; {@code vendor_data} (optional
     * map of required keys and values) is definition level 0 when null, 2 per entry, repetition level
     * 1 for every entry after a row's first.
     */
    private static final class RowWriter implements ParquetValueWriter<RowCursor> {
        private static final Binary[] SIDES = sides();
        /** Parquet leaf columns of either table: 7 common, 4 values, conditions, map key and value, 2 journal. */
        private static final int LEAF_COLUMNS = 16;

        private final TickBatch b;
        private final PerValueFileWriter owner;
        private final ColumnDescriptor[] descriptors;
        private final ColumnWriter[] writers;
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
        private final int mapKey;
        private final int mapValue;
        private final int journalIndex;
        private final int journalRecord;

        RowWriter(MessageType type, TickBatch b, PerValueFileWriter owner) {
            this.b = b;
            this.owner = owner;
            List<ColumnDescriptor> columns = type.getColumns();
            this.descriptors = columns.toArray(new ColumnDescriptor[0]);
            this.writers = new ColumnWriter[descriptors.length];
            boolean trades = b.trades();
            venue = column(ColdSchema.VENUE, null);
            symbol = column(ColdSchema.SYMBOL, null);
            assetClass = column(ColdSchema.ASSET_CLASS, null);
            channel = column(ColdSchema.CHANNEL, null);
            exchangeTime = column(ColdSchema.EXCHANGE_TIME, null);
            receiveTime = column(ColdSchema.RECEIVE_TIME, null);
            sourceSeq = column(ColdSchema.SOURCE_SEQ, null);
            tradeId = trades ? column(ColdSchema.TRADE_ID, null) : -1;
            side = trades ? column(ColdSchema.SIDE, null) : -1;
            v0 = column(trades ? ColdSchema.PRICE : ColdSchema.BID_PRICE, null);
            v1 = column(trades ? ColdSchema.QUANTITY : ColdSchema.BID_SIZE, null);
            v2 = trades ? -1 : column(ColdSchema.ASK_PRICE, null);
            v3 = trades ? -1 : column(ColdSchema.ASK_SIZE, null);
            conditions = column(ColdSchema.CONDITIONS, null);
            mapKey = column(ColdSchema.VENDOR_DATA, "key");
            mapValue = column(ColdSchema.VENDOR_DATA, "value");
            journalIndex = column(ColdSchema.JOURNAL_INDEX, null);
            journalRecord = column(ColdSchema.JOURNAL_RECORD, null);
            if (descriptors.length != LEAF_COLUMNS) {
                throw new IllegalStateException("the Parquet schema of " + b.table().tableName() + " has "
                    + descriptors.length + " columns (" + columns + "), not the ones ColdSchema defines:"
                    + " update PerValueFileWriter with the schema");
            }
        }

        private int column(String name, String leaf) {
            for (int c = 0; c < descriptors.length; c++) {
                String[] path = descriptors[c].getPath();
                if (path[0].equals(name) && (leaf == null ? path.length == 1 : path[path.length - 1].equals(leaf))) {
                    return c;
                }
            }
            throw new IllegalStateException("the Parquet schema of " + b.table().tableName() + " has no column "
                + name + (leaf == null ? "" : "." + leaf) + ": update PerValueFileWriter with ColdSchema");
        }

        private static Binary[] sides() {
            Binary[] sides = new Binary[256];
            for (int code = -128; code < 128; code++) {
                Side s = Side.ofCode(code);
                sides[code & 0xFF] = s == Side.UNKNOWN ? null : Binary.fromString(s.name().toLowerCase(Locale.ROOT));
            }
            return sides;
        }

        @Override
        public void setColumnStore(ColumnWriteStore store) {
            for (int c = 0; c < descriptors.length; c++) {
                writers[c] = store.getColumnWriter(descriptors[c]);
            }
        }

        @Override
        public List<TripleWriter<?>> columns() {
            return List.of();
        }

        @Override
        public void write(int repetitionLevel, RowCursor cursor) {
            int i = cursor.row;
            int id = b.instrument[i];
            ColumnWriter[] w = writers;
            w[venue].write(owner.venueById[id], 0, 0);
            w[symbol].write(owner.symbolById[id], 0, 0);
            w[assetClass].write(owner.assetClassById[id], 0, 1);
            w[channel].write(b.channel[i], 0, 0);
            w[exchangeTime].write(Math.floorDiv(b.exchangeNs[i], 1_000L), 0, 0);
            w[receiveTime].write(Math.floorDiv(b.receiveNs[i], 1_000L), 0, 0);
            if (b.sequenced[i] == 0) {
                w[sourceSeq].writeNull(0, 0);
            } else {
                w[sourceSeq].write(b.sourceSeq[i], 0, 1);
            }
            if (tradeId >= 0) {
                if (b.tradeId[i] < 0) {
                    w[tradeId].writeNull(0, 0);
                } else {
                    w[tradeId].write(b.tradeId[i], 0, 1);
                }
                Binary s = SIDES[b.side[i] & 0xFF];
                if (s == null) {
                    w[side].writeNull(0, 0);
                } else {
                    w[side].write(s, 0, 1);
                }
                w[v0].write(b.checkedDecimal(b.v0[i], i), 0, 0);
                w[v1].write(b.checkedDecimal(b.v1[i], i), 0, 0);
            } else {
                w[v0].write(b.checkedDecimal(b.v0[i], i), 0, 0);
                w[v1].write(b.checkedDecimal(b.v1[i], i), 0, 0);
                w[v2].write(b.checkedDecimal(b.v2[i], i), 0, 0);
                w[v3].write(b.checkedDecimal(b.v3[i], i), 0, 0);
            }
            w[conditions].write(b.conditions[i], 0, 0);
            writeVendorData(i);
            w[journalIndex].write(b.journalIndex[i], 0, 0);
            w[journalRecord].write(b.journalRecord[i], 0, 0);
        }

        /** The vendor entries as map entries; a key repeated in one tick keeps its last value, as a map does. */
        private void writeVendorData(int i) {
            ColumnWriter keys = writers[mapKey];
            ColumnWriter values = writers[mapValue];
            int length = b.vendorLength[i];
            if (length == 0) {
                keys.writeNull(0, 0);
                values.writeNull(0, 0);
                return;
            }
            byte[] data = b.vendor;
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
                    keys.write(text(data, keyAt, keyLength), repetition, 2);
                    values.write(text(data, valueAt, valueLength), repetition, 2);
                    repetition = 1;
                }
            }
        }

        /** Vendor bytes are ISO-8859-1 ({@link dev.k2.engine.tick.VendorData}); ASCII is already UTF-8. */
        private static Binary text(byte[] data, int at, int length) {
            for (int k = at; k < at + length; k++) {
                if (data[k] < 0) {
                    return Binary.fromString(new String(data, at, length, StandardCharsets.ISO_8859_1));
                }
            }
            return Binary.fromConstantByteArray(data, at, length);
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
    }
}
