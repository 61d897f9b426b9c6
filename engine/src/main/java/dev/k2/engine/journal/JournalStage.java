package dev.k2.engine.journal;

import com.lmax.disruptor.EventHandler;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickHash;

/**
 * Stage 3: appends accepted ticks and the markers their classes imply (gap, reset, duplicate run) to
 * the {@link JournalSink}, and flushes once per ring batch ({@code endOfBatch}, STYLE.md 5). A tick
 * counts as accepted once it is here (DESIGN.md 1). The sink is opened and closed on this stage's
 * thread, in {@link #onStart()} and {@link #onShutdown()}.
 */
public final class JournalStage implements EventHandler<TickEvent> {
    private final JournalSink sink;
    private final EngineCounters counters;
    private final DuplicateRun duplicates = new DuplicateRun();
    private final TickHash acceptedHash = new TickHash();
    private volatile long acceptedHashValue = acceptedHash.value();

    public JournalStage(JournalSink sink, EngineCounters counters) {
        this.sink = sink;
        this.counters = counters;
    }

    @Override
    public void onStart() {
        sink.open();
    }

    @Override
    public void onEvent(TickEvent event, long sequence, boolean endOfBatch) {
        switch (event.sequenceClass) {
            case DUPLICATE -> {
                if (!duplicates.belongsToOpenRun(event)) {
                    counters.add(Counter.MARKERS, duplicates.flushTo(sink));
                }
                duplicates.add(event);
            }
            case GAP -> {
                sink.appendGap(event.instrumentId, event.channel, event.gapFrom, event.gapTo, event.receiveTimeNs);
                counters.increment(Counter.MARKERS);
                append(event);
            }
            case RESET -> {
                sink.appendReset(event.instrumentId, event.channel, event.gapFrom, event.sourceSeq, event.receiveTimeNs);
                counters.increment(Counter.MARKERS);
                append(event);
            }
            default -> append(event);
        }
        if (endOfBatch) {
            counters.add(Counter.MARKERS, duplicates.flushTo(sink));
            sink.flush();
            counters.increment(Counter.JOURNAL_FLUSHES);
            acceptedHashValue = acceptedHash.value();
        }
    }

    private void append(TickEvent event) {
        sink.appendTick(event);
        acceptedHash.add(event);
        counters.increment(Counter.ACCEPTED);
    }

    @Override
    public void onShutdown() {
        sink.close();
    }

    /** Hash of every tick accepted so far, as of the last flush (see {@link TickHash}). */
    public long acceptedHash() {
        return acceptedHashValue;
    }
}
