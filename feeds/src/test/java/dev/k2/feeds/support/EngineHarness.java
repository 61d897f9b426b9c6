package dev.k2.feeds.support;

import dev.k2.engine.dedup.StreamTable;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.ring.EngineSettings;
import dev.k2.engine.ring.TickIngress;
import dev.k2.engine.ring.TickPipeline;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.time.EpochClock;

/**
 * A real engine (ring, dedup, sequence check, journal stage) with default settings, journaling into
 * a {@link RecordingJournal}, plus a {@link RecordingDeadLetters} for the feed. {@link #drain()}
 * closes the pipeline so that everything published is journaled before a test asserts.
 */
public final class EngineHarness implements AutoCloseable {
    private final InstrumentRegistry registry = new InstrumentRegistry();
    private final EngineCounters counters = new EngineCounters();
    private final RecordingJournal journal;
    private final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
    private final TickPipeline pipeline;
    private final EpochClock clock = EpochClock.system();

    public EngineHarness() {
        this(new RecordingJournal());
    }

    public EngineHarness(RecordingJournal journal) {
        this.journal = journal;
        EngineSettings settings = EngineSettings.defaults();
        pipeline = new TickPipeline(settings, journal, new StreamTable(settings.sequenceRules(), settings.dedupWindow()),
            counters);
    }

    public InstrumentRegistry registry() {
        return registry;
    }

    public EngineCounters counters() {
        return counters;
    }

    public long count(Counter counter) {
        return counters.get(counter);
    }

    public TickIngress ingress() {
        return pipeline.ingress();
    }

    public TickPipeline pipeline() {
        return pipeline;
    }

    public EpochClock clock() {
        return clock;
    }

    public RecordingJournal journal() {
        return journal;
    }

    public RecordingDeadLetters deadLetters() {
        return deadLetters;
    }

    /** Waits until every published tick is journaled and stops the engine. */
    public EngineHarness drain() {
        pipeline.close();
        return this;
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
