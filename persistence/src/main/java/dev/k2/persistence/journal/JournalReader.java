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
    private boolean wrapped;

    /** @param registry receives every instrument id of the journal's {@link InstrumentDirectory} at once */
    public JournalReader(Path dir, InstrumentRegistry registry) {
        InstrumentDirectory.load(dir, registry);
        this.queue = Queues.openForRead(dir);
        this.tailer = queue.createTailer();
        this.registry = registry;
    }

    /** Positions at an excerpt index. @return false when there is no such index. */
    public boolean seek(long index) {
        return tailer.moveToIndex(index);
    }

    /**
     * Random access by time: positions the reader so that the next {@link #read} starts at or just
     * before the first excerpt journaled at {@code journalTimeNs} or later (journal time is a tick's
     * receive time, or a marker's detection time, and only grows in journal order). Binary search
     * over excerpt indexes, cycle by cycle: O(log n) excerpt reads. Callers filter the few records
     * before the time in the first excerpt.
     *
     * @return false when every excerpt is older (the reader is then at the end)
     */
    public boolean seekToJournalTime(long journalTimeNs) {
        net.openhft.chronicle.queue.RollCycle rollCycle = queue.rollCycle();
        java.util.List<Long> starts = new java.util.ArrayList<>(); // first index of each cycle with excerpts
        java.util.List<Long> counts = new java.util.ArrayList<>();
        long total = 0;
        for (long cycle : queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle())) {
            long count = tailer.excerptsInCycle((int) cycle);
            if (count > 0) {
                starts.add(rollCycle.toIndex((int) cycle, 0));
                counts.add(count);
                total += count;
            }
        }
        long lo = 0;
        long hi = total; // first position whose time is >= journalTimeNs, in [0, total]
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (journalTimeAt(indexAt(mid, starts, counts)) < journalTimeNs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == total) {
            tailer.toEnd();
            return false;
        }
        long start = indexAt(Math.max(0, lo - 1), starts, counts); // the excerpt before may end after the time
        return tailer.moveToIndex(start);
    }

    private static long indexAt(long position, java.util.List<Long> starts, java.util.List<Long> counts) {
        for (int c = 0; c < starts.size(); c++) {
            if (position < counts.get(c)) {
                return starts.get(c) + position;
            }
            position -= counts.get(c);
        }
        throw new IllegalArgumentException("position beyond the journal");
    }

    /** Journal time of the first timed record of the excerpt at {@code index}; MIN_VALUE when it has none. */
    private long journalTimeAt(long index) {
        if (!tailer.moveToIndex(index)) {
            return Long.MIN_VALUE;
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return Long.MIN_VALUE;
            }
            int length = copy(dc);
            int at = JournalRecord.EXCERPT_HEADER_LENGTH;
            while (at + JournalRecord.HEADER_LENGTH <= length) {
                int recordLength = JournalRecord.length(buffer, at);
                if (recordLength < JournalRecord.HEADER_LENGTH || at + recordLength > length) {
                    return Long.MIN_VALUE;
                }
                long time = JournalRecord.journalTime(buffer, at);
                if (time != Long.MIN_VALUE) {
                    return time;
                }
                at += recordLength;
            }
            return Long.MIN_VALUE;
        }
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

    /**
     * Points {@link #buffer} at the excerpt: straight at Chronicle's mapped memory when the excerpt
     * lies inside the mapped chunk (no copy), else at a copy.
     *
     * @return the excerpt length
     */
    private int copy(DocumentContext dc) {
        Bytes<?> in = dc.wire().bytes();
        int length = (int) in.readRemaining();
        long start = in.readPosition();
        if (in.isDirectMemory() && in.bytesStore().inside(start, length)) {
            buffer.wrap(in.addressForRead(start), length);
            wrapped = true;
            return length;
        }
        if (wrapped) {
            buffer.wrap(bytes);
            wrapped = false;
        }
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
            byte[] excerpt = new byte[length];
            buffer.getBytes(0, excerpt, 0, length);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(excerpt, 0, length);
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
