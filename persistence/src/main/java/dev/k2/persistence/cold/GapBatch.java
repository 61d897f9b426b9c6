package dev.k2.persistence.cold;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/** The gap markers of one batch, in journal order, written as one Parquet file of {@code k2.gaps}. */
final class GapBatch {
    private int size;
    private int[] instrument = new int[64];
    private int[] channel = new int[64];
    private long[] from = new long[64];
    private long[] to = new long[64];
    private long[] atNs = new long[64];
    private long[] journalIndex = new long[64];
    private int[] journalRecord = new int[64];

    void add(long index, int record, int instrumentId, int channelId, long fromSeq, long toSeq, long detectedNs) {
        if (size == instrument.length) {
            int n = size * 2;
            instrument = Arrays.copyOf(instrument, n);
            channel = Arrays.copyOf(channel, n);
            from = Arrays.copyOf(from, n);
            to = Arrays.copyOf(to, n);
            atNs = Arrays.copyOf(atNs, n);
            journalIndex = Arrays.copyOf(journalIndex, n);
            journalRecord = Arrays.copyOf(journalRecord, n);
        }
        instrument[size] = instrumentId;
        channel[size] = channelId;
        from[size] = fromSeq;
        to[size] = toSeq;
        atNs[size] = detectedNs;
        journalIndex[size] = index;
        journalRecord[size] = record;
        size++;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** Writes the batch's gaps as one data file of {@code target} (not committed); empty when there are none. */
    List<DataFile> write(Table target, InstrumentRegistry registry) {
        if (size == 0) {
            return List.of();
        }
        GenericFileWriterFactory factory = new GenericFileWriterFactory.Builder(target)
            .dataFileFormat(FileFormat.PARQUET).dataSchema(target.schema()).build();
        OutputFileFactory files = OutputFileFactory.builderFor(target, 2, System.currentTimeMillis())
            .format(FileFormat.PARQUET).build();
        DataWriter<Record> writer = factory.newDataWriter(files.newOutputFile(), target.spec(), null);
        GenericRecord row = GenericRecord.create(target.schema());
        try (writer) {
            for (int i = 0; i < size; i++) {
                Instrument definition = registry.byId(instrument[i]);
                if (definition == null) {
                    throw new IllegalStateException("journal excerpt " + Long.toHexString(journalIndex[i]) + " record "
                        + journalRecord[i] + " is a gap marker of instrument id " + instrument[i]
                        + ", which the journal never defines: the journal is damaged (run k2 verify)");
                }
                row.setField(ColdSchema.VENUE, definition.venue());
                row.setField(ColdSchema.SYMBOL, definition.symbol());
                row.setField(ColdSchema.CHANNEL, channel[i]);
                row.setField(GapTable.FROM_SEQ, from[i]);
                row.setField(GapTable.TO_SEQ, to[i]);
                row.setField(GapTable.DETECTED_AT, OffsetDateTime.ofInstant(
                    Instant.ofEpochSecond(0, atNs[i] - Math.floorMod(atNs[i], 1_000L)), ZoneOffset.UTC));
                row.setField(ColdSchema.JOURNAL_INDEX, journalIndex[i]);
                row.setField(ColdSchema.JOURNAL_RECORD, journalRecord[i]);
                writer.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the Parquet file of k2.gaps: " + e.getMessage()
                + " (check that the warehouse is writable and has space)", e);
        }
        return List.of(writer.toDataFile());
    }
}
