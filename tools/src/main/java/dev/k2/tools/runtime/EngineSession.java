package dev.k2.tools.runtime;

import dev.k2.config.K2Config;
import dev.k2.config.K2Settings;
import dev.k2.engine.dedup.StreamTable;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.journal.DeadLetterSink;
import dev.k2.engine.ring.EngineSettings;
import dev.k2.engine.ring.TickIngress;
import dev.k2.engine.ring.TickPipeline;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.time.EpochClock;
import dev.k2.feeds.live.FeedContext;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.DirectoryLock;
import dev.k2.persistence.deadletter.DeadLetterJournal;
import dev.k2.persistence.journal.ChronicleJournalSink;
import dev.k2.persistence.journal.JournalRecovery;
import java.nio.file.Path;

/**
 * An engine running over a data directory: the one place where persistence is plugged into the
 * engine. Opening it locks the directory, rebuilds dedup and gap state from the journal, and starts
 * the ring; closing it drains the ring, closes the journal on its own thread and releases the lock.
 *
 * <p>The dead-letter journal belongs to the thread that opened the session (the feed's thread).
 */
public final class EngineSession implements AutoCloseable {
    private final DirectoryLock lock;
    private final InstrumentRegistry registry = new InstrumentRegistry();
    private final EngineCounters counters = new EngineCounters();
    private final JournalRecovery.Recovered recovered;
    private final TickPipeline pipeline;
    private final DeadLetterJournal deadLetters;
    private final EpochClock clock = EpochClock.system();
    private final DataDirectory dir;
    private final StreamTable streams;
    private final ChronicleJournalSink sink;
    private final String rollCycle;
    private final java.util.List<DeadLetterJournal> extraDeadLetters = new java.util.ArrayList<>();
    private final java.util.Map<Long, Long> recoveredHighWaterMarks = new java.util.HashMap<>();
    private boolean closed;

    private EngineSession(K2Config config) {
        dir = new DataDirectory(Path.of(config.get(K2Settings.DATA_DIR)));
        EngineSettings settings = EngineSettings.from(config);
        streams = new StreamTable(settings.sequenceRules(), settings.dedupWindow());
        rollCycle = config.get(K2Settings.ROLL_CYCLE);
        lock = DirectoryLock.acquire(dir.root().resolve("k2.lock"), "writing to " + dir.root(),
            "wait for it to finish, or use another --data-dir");
        try {
            recovered = JournalRecovery.recover(dir.journal(), dir.checkpoint(), registry, streams);
            streams.forEachSequence((key, sequence) -> recoveredHighWaterMarks.put(key, sequence.highWaterMark()));
            if (recovered.corrupt() > 0) {
                throw new IllegalStateException(dir.journal() + " has " + recovered.corrupt()
                    + " excerpts that cannot be decoded; run `k2 verify` to see them before writing more");
            }
            sink = new ChronicleJournalSink(dir.journal(), rollCycle,
                config.get(K2Settings.JOURNAL_BATCH), registry, recovered.definedInstruments());
            deadLetters = new DeadLetterJournal(dir.deadLetters(), rollCycle, clock);
            pipeline = new TickPipeline(settings, sink, streams, counters);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    public static EngineSession open(K2Config config) {
        return new EngineSession(config);
    }

    public InstrumentRegistry registry() {
        return registry;
    }

    public TickIngress ingress() {
        return pipeline.ingress();
    }

    public EngineCounters counters() {
        return counters;
    }

    public DeadLetterJournal deadLetters() {
        return deadLetters;
    }

    public EpochClock clock() {
        return clock;
    }

    /**
     * What a live feed needs from this engine. Each call of its dead-letter supplier makes a new
     * sink for the calling thread (closed when this session closes).
     */
    public FeedContext feedContext() {
        return new FeedContext(registry, pipeline.ingress(), this::newDeadLetterSink, counters, clock);
    }

    /** A dead-letter sink owned by the calling thread; it opens on first use and closes with the session. */
    public synchronized DeadLetterSink newDeadLetterSink() {
        DeadLetterJournal sink = new DeadLetterJournal(dir.deadLetters(), rollCycle, clock);
        extraDeadLetters.add(sink);
        return sink;
    }

    /**
     * The highest sequence the journal held for a stream when this session opened, or -1 when the
     * stream is new: where a restarted live feed resumes (a snapshot, safe from any thread).
     */
    public long recoveredHighWaterMark(int instrumentId, int channel) {
        Long mark = recoveredHighWaterMarks.get(StreamTable.streamKey(instrumentId, channel));
        return mark == null ? -1 : mark;
    }

    public JournalRecovery.Recovered recovered() {
        return recovered;
    }

    /** Hash of the ticks this session accepted (valid after {@link #close()}). */
    public long acceptedHash() {
        return pipeline.acceptedHash();
    }

    /**
     * Saves the dedup and sequence state as of the journal's last excerpt, so the next start replays
     * only what comes after it. Called after the ring drained and its threads ended, so this thread
     * sees the stages' final state.
     */
    private void writeCheckpoint() {
        long lastIndex = sink.lastIndex() >= 0 ? sink.lastIndex() : recovered.lastIndex();
        JournalRecovery.checkpoint(dir.journal(), dir.checkpoint(), lastIndex,
            recovered.totalTicks() + counters.get(Counter.ACCEPTED), registry, streams);
    }

    /** Drains the ring, saves a checkpoint and closes everything; rethrows a stage failure. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pipeline.close();
            writeCheckpoint();
        } finally {
            deadLetters.close();
            synchronized (this) {
                extraDeadLetters.forEach(DeadLetterJournal::close);
            }
            lock.close();
        }
    }
}
