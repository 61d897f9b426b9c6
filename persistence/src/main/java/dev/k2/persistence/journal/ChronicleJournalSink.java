package dev.k2.persistence.journal;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.journal.JournalSink;
import dev.k2.engine.tick.TickEvent;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The journal: {@link JournalSink} on Chronicle Queue. Records ({@link JournalRecord}) are packed
 * into a reused buffer and written as one excerpt when {@code batchRecords} records are pending or
 * the ring batch ends ({@link #flush()}), whichever comes first. No allocation per tick.
 *
 * <p>Owned by the journal stage's thread: the queue and its appender are created in {@link #open()}
 * and closed in {@link #close()}, both called on that thread.
 */
public final class ChronicleJournalSink implements JournalSink {
    private static final int BUFFER_BYTES = 512 * (JournalRecord.MAX_RECORD_LENGTH + JournalRecord.INSTRUMENT_MAX_LENGTH);

    private final Path dir;
    private final String rollCycle;
    private final int batchRecords;
    private final InstrumentRegistry registry;
    private final IntHashSet definedInstruments;
    /** Off-heap staging: Chronicle copies native to native with one memcpy (a heap array goes byte-loop). */
    private final java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final UnsafeBuffer buffer = new UnsafeBuffer(direct);
    private final BytesStore<?, ?> staging = BytesStore.wrap(direct);
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private InstrumentDirectory directory;
    private int position = JournalRecord.EXCERPT_HEADER_LENGTH;
    private int records;
    private long excerpts;
    private volatile long lastIndex = -1;

    /**
     * @param definedInstruments ids whose definition the journal already holds (from recovery)
     */
    public ChronicleJournalSink(Path dir, String rollCycle, int batchRecords, InstrumentRegistry registry,
                                IntHashSet definedInstruments) {
        this.dir = dir;
        this.rollCycle = rollCycle;
        this.batchRecords = batchRecords;
        this.registry = registry;
        this.definedInstruments = definedInstruments;
    }

    @Override
    public void open() {
        queue = Queues.openForWrite(dir, rollCycle);
        appender = queue.createAppender();
        directory = InstrumentDirectory.openForAppend(dir);
    }

    @Override
    public void appendTick(TickEvent tick) {
        if (!definedInstruments.contains(tick.instrumentId)) {
            define(tick.instrumentId);
        }
        reserve(JournalRecord.TICK_MAX_LENGTH);
        position += JournalRecord.encodeTick(buffer, position, tick);
        recordAdded();
    }

    private void define(int instrumentId) {
        Instrument instrument = registry.byId(instrumentId);
        if (instrument == null) {
            throw new IllegalStateException("tick names instrument id " + instrumentId + " that was never registered");
        }
        reserve(JournalRecord.INSTRUMENT_MAX_LENGTH);
        position += JournalRecord.encodeInstrument(buffer, position, instrument);
        definedInstruments.add(instrumentId);
        directory.append(instrument);
        recordAdded();
    }

    @Override
    public void appendGap(int instrumentId, int channel, long from, long to, long detectedAtNs) {
        reserve(JournalRecord.RANGE_MARKER_LENGTH);
        position += JournalRecord.encodeRange(buffer, position, JournalRecord.TYPE_GAP, instrumentId, channel,
            from, to, detectedAtNs);
        recordAdded();
    }

    @Override
    public void appendReset(int instrumentId, int channel, long oldHighWaterMark, long newSeq, long atNs) {
        reserve(JournalRecord.RANGE_MARKER_LENGTH);
        position += JournalRecord.encodeRange(buffer, position, JournalRecord.TYPE_RESET, instrumentId, channel,
            oldHighWaterMark, newSeq, atNs);
        recordAdded();
    }

    @Override
    public void appendDuplicates(int instrumentId, int channel, long first, long last, long count, long atNs) {
        reserve(JournalRecord.DUPLICATES_MARKER_LENGTH);
        position += JournalRecord.encodeDuplicates(buffer, position, instrumentId, channel, first, last, count, atNs);
        recordAdded();
    }

    private void reserve(int length) {
        if (position + length > BUFFER_BYTES) {
            writeExcerpt();
        }
    }

    private void recordAdded() {
        if (++records >= batchRecords) {
            writeExcerpt();
        }
    }

    @Override
    public void flush() {
        writeExcerpt();
    }

    private void writeExcerpt() {
        if (records == 0) {
            return;
        }
        buffer.putShort(JournalRecord.EXCERPT_VERSION_OFFSET, (short) JournalRecord.VERSION, java.nio.ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(JournalRecord.EXCERPT_COUNT_OFFSET, (short) records, java.nio.ByteOrder.LITTLE_ENDIAN);
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(staging, 0L, (long) position);
        }
        lastIndex = appender.lastIndexAppended();
        excerpts++;
        position = JournalRecord.EXCERPT_HEADER_LENGTH;
        records = 0;
    }

    /** Chronicle index of the last excerpt written, or -1. Readable from any thread. */
    public long lastIndex() {
        return lastIndex;
    }

    public long excerpts() {
        return excerpts;
    }

    @Override
    public void close() {
        if (appender != null) {
            writeExcerpt();
            appender.close();
            queue.close();
            directory.close();
            staging.releaseLast();
            appender = null;
        }
    }
}
