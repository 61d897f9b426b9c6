package dev.k2.persistence.journal;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.TickEvent;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads the journal in order and decodes its records ({@link JournalRecord}) into a
 * {@link JournalVisitor}, restoring instrument definitions into a registry as it meets them.
 * Ticks are decoded into one reused slot: no allocation per tick. The tailer is created and closed
 * on the thread that constructs and closes this reader.
 */
public final class JournalReader implements AutoCloseable {
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final InstrumentRegistry registry;
    private final TickEvent tick = new TickEvent().clear();
    private byte[] bytes = new byte[64 * 1024];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private long lastIndexRead = -1;

    public JournalReader(Path dir, InstrumentRegistry registry) {
        this.queue = Queues.openForRead(dir);
        this.tailer = queue.createTailer();
        this.registry = registry;
    }

    /** Positions at an excerpt index. @return false when there is no such index. */
    public boolean seek(long index) {
        return tailer.moveToIndex(index);
    }

    /** Back to the first excerpt. */
    public void rewind() {
        tailer.toStart();
    }

    public long firstIndex() {
        return queue.firstIndex();
    }

    public long lastIndex() {
        return queue.lastIndex();
    }

    /**
     * Reads excerpts from the current position while their index is at most {@code toIndex}, until the
     * end of the journal or until the visitor is done.
     *
     * @return the number of excerpts read
     */
    public long read(long toIndex, JournalVisitor visitor) {
        long excerpts = 0;
        while (!visitor.done()) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    break;
                }
                long index = dc.index();
                if (index > toIndex) {
                    dc.rollbackOnClose();
                    break;
                }
                int length = copy(dc);
                decodeExcerpt(index, length, visitor);
                lastIndexRead = index;
                excerpts++;
            }
        }
        return excerpts;
    }

    private int copy(DocumentContext dc) {
        Bytes<?> in = dc.wire().bytes();
        int length = (int) in.readRemaining();
        if (length > bytes.length) {
            bytes = new byte[Math.max(length, bytes.length * 2)];
            buffer.wrap(bytes);
        }
        in.read(bytes, 0, length);
        return length;
    }

    /** Index of the last excerpt {@link #read} delivered, or -1. */
    public long lastIndexRead() {
        return lastIndexRead;
    }

    /**
     * CRC32C of the excerpt at {@code index}, leaving the reader positioned after it.
     *
     * @return the checksum, or -1 when the journal has no such excerpt
     */
    public long checksumAt(long index) {
        if (!tailer.moveToIndex(index)) {
            return -1;
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent() || dc.index() != index) {
                return -1;
            }
            int length = copy(dc);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes, 0, length);
            lastIndexRead = index;
            return crc.getValue();
        }
    }

    public long readAll(JournalVisitor visitor) {
        return read(Long.MAX_VALUE, visitor);
    }

    private void decodeExcerpt(long index, int length, JournalVisitor visitor) {
        if (length < JournalRecord.EXCERPT_HEADER_LENGTH
            || buffer.getShort(JournalRecord.EXCERPT_VERSION_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN) != JournalRecord.VERSION) {
            visitor.onCorrupt(index, "excerpt is not a K2 journal excerpt of version " + JournalRecord.VERSION);
            return;
        }
        int count = buffer.getShort(JournalRecord.EXCERPT_COUNT_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        int at = JournalRecord.EXCERPT_HEADER_LENGTH;
        for (int record = 0; record < count; record++) {
            if (at + JournalRecord.HEADER_LENGTH > length) {
                visitor.onCorrupt(index, "excerpt ends inside record " + record + " of " + count);
                return;
            }
            int recordLength = JournalRecord.length(buffer, at);
            if (recordLength < JournalRecord.HEADER_LENGTH || at + recordLength > length) {
                visitor.onCorrupt(index, "record " + record + " has invalid length " + recordLength);
                return;
            }
            if (!decodeRecord(index, record, at, recordLength, visitor)) {
                return;
            }
            at += recordLength;
        }
        if (at != length) {
            visitor.onCorrupt(index, "excerpt has " + (length - at) + " bytes after its " + count + " records");
        }
    }

    private boolean decodeRecord(long index, int record, int at, int length, JournalVisitor visitor) {
        switch (JournalRecord.type(buffer, at)) {
            case JournalRecord.TYPE_TICK -> {
                String problem = JournalRecord.decodeTick(buffer, at, length, tick);
                if (problem != null) {
                    visitor.onCorrupt(index, "record " + record + ": " + problem);
                    return false;
                }
                visitor.onTick(index, record, tick);
            }
            case JournalRecord.TYPE_INSTRUMENT -> {
                Instrument definition = JournalRecord.decodeInstrument(buffer, at, length);
                if (definition == null) {
                    visitor.onCorrupt(index, "record " + record + ": invalid instrument definition");
                    return false;
                }
                Instrument instrument = registry.restore(definition.id(), definition.venue(), definition.symbol(),
                    definition.assetClass());
                visitor.onInstrument(index, record, instrument);
            }
            case JournalRecord.TYPE_GAP -> visitor.onGap(index, record, JournalRecord.markerInstrument(buffer, at),
                JournalRecord.markerChannel(buffer, at), JournalRecord.markerField(buffer, at, 0),
                JournalRecord.markerField(buffer, at, 1), JournalRecord.markerField(buffer, at, 2));
            case JournalRecord.TYPE_RESET -> visitor.onReset(index, record, JournalRecord.markerInstrument(buffer, at),
                JournalRecord.markerChannel(buffer, at), JournalRecord.markerField(buffer, at, 0),
                JournalRecord.markerField(buffer, at, 1), JournalRecord.markerField(buffer, at, 2));
            case JournalRecord.TYPE_DUPLICATES -> visitor.onDuplicates(index, record,
                JournalRecord.markerInstrument(buffer, at), JournalRecord.markerChannel(buffer, at),
                JournalRecord.markerField(buffer, at, 0), JournalRecord.markerField(buffer, at, 1),
                JournalRecord.markerField(buffer, at, 2), JournalRecord.markerField(buffer, at, 3));
            default -> {
                visitor.onCorrupt(index, "record " + record + " has unknown type " + JournalRecord.type(buffer, at));
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        tailer.close();
        queue.close();
    }
}
