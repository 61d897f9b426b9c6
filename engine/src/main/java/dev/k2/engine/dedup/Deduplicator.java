package dev.k2.engine.dedup;

import com.lmax.disruptor.EventHandler;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.tick.TickEvent;

/**
 * Stage 1: decides, exactly, whether a tick was already seen, by its natural key (DESIGN.md 7).
 *
 * <ul>
 *   <li>Sequenced streams: the key is (instrument, channel, sequence). The stream's high-water mark
 *       plus its open gap ranges decide: new iff above the mark or inside an open gap. No time window,
 *       no probabilistic filter. Because that state <em>is</em> the stream's sequence state, this stage
 *       owns it and records the sequence class in the slot; the {@link dev.k2.engine.sequence.SequenceChecker}
 *       accounts for it and stages markers.</li>
 *   <li>Unsequenced streams: the key is (instrument, channel, native trade id), checked against a
 *       bounded window of recent ids. A tick without any id cannot be a duplicate and is accepted.</li>
 * </ul>
 *
 * <p>The decision itself is {@link StreamTable#classify}; state survives a restart because
 * {@link StreamTable#replayAccepted} rebuilds it from the journal.
 */
public final class Deduplicator implements EventHandler<TickEvent> {
    private final StreamTable streams;
    private final EngineCounters counters;

    public Deduplicator(StreamTable streams, EngineCounters counters) {
        this.streams = streams;
        this.counters = counters;
    }

    @Override
    public void onEvent(TickEvent event, long sequence, boolean endOfBatch) {
        counters.increment(Counter.TICKS_IN);
        streams.classify(event);
    }
}
