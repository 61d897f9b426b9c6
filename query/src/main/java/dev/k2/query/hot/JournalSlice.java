package dev.k2.query.hot;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.TickEvent;
import dev.k2.persistence.journal.JournalReader;
import dev.k2.persistence.journal.JournalVisitor;
import java.nio.file.Path;

/**
 * Reads ticks straight from the journal (the truth), for what the hot store no longer holds or does
 * not hold yet. Each call opens, uses and closes its own reader on the calling thread.
 */
public final class JournalSlice {
    private final Path journalDir;
    private final InstrumentRegistry registry;

    public JournalSlice(Path journalDir, InstrumentRegistry registry) {
        this.journalDir = journalDir;
        this.registry = registry;
    }

    /**
     * Hands every tick with {@code watermark < journal index <= journalEnd} matching the filter to the
     * sink, in journal order.
     */
    public void collect(long watermark, long journalEnd, HotFilter filter, RowSink sink) {
        if (journalEnd <= watermark) {
            return;
        }
        try (JournalReader reader = new JournalReader(journalDir, registry)) {
            position(reader, watermark);
            reader.read(journalEnd, new Visitor(filter, sink, watermark, Integer.MAX_VALUE));
        }
    }

    /**
     * Hands ticks after journal key ({@code index}, {@code record}) matching the filter to the sink, in
     * journal order, excerpt by excerpt until the sink has been given at least {@code max} rows.
     */
    public void collectAfterKey(long index, int record, int max, HotFilter filter, RowSink sink) {
        try (JournalReader reader = new JournalReader(journalDir, registry)) {
            position(reader, index);
            Visitor visitor = new Visitor(filter, sink, index - 1, max);
            visitor.skipIndex = index;
            visitor.skipRecord = record;
            reader.read(Long.MAX_VALUE, visitor);
        }
    }

    /** Positions the reader at the first excerpt after {@code index} (or at the start for -1). */
    private static void position(JournalReader reader, long index) {
        if (index < 0 || index < reader.firstIndex() || !reader.seek(index)) {
            reader.rewind();
        }
    }

    private static final class Visitor implements JournalVisitor {
        private final HotFilter filter;
        private final RowSink sink;
        private final long after;
        private final int max;
        private long skipIndex = Long.MIN_VALUE;
        private int skipRecord;
        private int delivered;
        private boolean stopped;

        Visitor(HotFilter filter, RowSink sink, long after, int max) {
            this.filter = filter;
            this.sink = sink;
            this.after = after;
            this.max = max;
        }

        @Override
        public void onTick(long index, int record, TickEvent tick) {
            if (stopped || index <= after || (index == skipIndex && record <= skipRecord)) {
                return;
            }
            if (filter.test(tick.instrumentId, tick.kind.code(), Math.floorDiv(tick.exchangeTimeNs, 1_000L))) {
                delivered++;
                if (!sink.accept(TickRows.of(index, record, tick, filter.registry()))) {
                    stopped = true;
                }
            }
        }

        @Override
        public void onCorrupt(long index, String problem) {
            throw new IllegalStateException("journal excerpt " + Long.toHexString(index) + " is corrupt: " + problem
                + " (run k2 verify)");
        }

        @Override
        public boolean done() {
            return stopped || delivered >= max;
        }
    }
}
