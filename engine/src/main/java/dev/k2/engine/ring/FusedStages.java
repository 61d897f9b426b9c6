package dev.k2.engine.ring;

import com.lmax.disruptor.EventHandler;
import dev.k2.engine.tick.TickEvent;

/**
 * The three stages on one thread: each slot goes through dedup, sequence check and journal in turn
 * before the next slot (DESIGN.md 4: on 2 cores, fusing is a configuration, not a code change).
 * Start and shutdown reach every stage, so the journal still opens and closes on this thread.
 */
final class FusedStages implements EventHandler<TickEvent> {
    private final EventHandler<TickEvent> dedup;
    private final EventHandler<TickEvent> sequenceCheck;
    private final EventHandler<TickEvent> journal;

    FusedStages(EventHandler<TickEvent> dedup, EventHandler<TickEvent> sequenceCheck, EventHandler<TickEvent> journal) {
        this.dedup = dedup;
        this.sequenceCheck = sequenceCheck;
        this.journal = journal;
    }

    @Override
    public void onEvent(TickEvent event, long sequence, boolean endOfBatch) throws Exception {
        dedup.onEvent(event, sequence, endOfBatch);
        sequenceCheck.onEvent(event, sequence, endOfBatch);
        journal.onEvent(event, sequence, endOfBatch);
    }

    @Override
    public void onStart() {
        dedup.onStart();
        sequenceCheck.onStart();
        journal.onStart();
    }

    @Override
    public void onShutdown() {
        dedup.onShutdown();
        sequenceCheck.onShutdown();
        journal.onShutdown();
    }
}
