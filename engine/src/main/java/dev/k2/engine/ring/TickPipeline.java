package dev.k2.engine.ring;

import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import dev.k2.engine.dedup.Deduplicator;
import dev.k2.engine.dedup.StreamTable;
import dev.k2.engine.journal.JournalSink;
import dev.k2.engine.journal.JournalStage;
import dev.k2.engine.sequence.SequenceChecker;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.tick.TickEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine: one Disruptor ring of preallocated {@link TickEvent} slots and its three stages, wired
 * here and nowhere else (STYLE.md 2).
 *
 * <pre>
 *  feeds (ASX files, Binance, binary TCP)
 *     │  TickIngress.claim/tryClaim → fill slot → publish
 *     ▼
 *  ┌──────────────────── RingBuffer&lt;TickEvent&gt; (ringSize slots, reused) ────────────────────┐
 *  │                                                                                           │
 *  │  Deduplicator ──────────▶ SequenceChecker ──────────▶ JournalStage ──▶ JournalSink        │
 *  │  natural key: HWM+gaps    counts each class          ticks + gap/reset/dup   (Chronicle   │
 *  │  or id window; writes     (in order, gap, dup,       markers; flush per       Queue in    │
 *  │  the verdict in the slot  late, reset)               ring batch               persistence)│
 *  └───────────────────────────────────────────────────────────────────────────────────────────┘
 *   PER_STAGE: k2-dedup, k2-sequence, k2-journal threads, each gated on the one before.
 *   FUSED:     one k2-engine thread runs the three in order for each slot.
 * </pre>
 *
 * <p>Any stage exception is fatal: it is recorded, the engine stops consuming, and producers get an
 * {@link EngineFailedException} on their next claim. Nothing is skipped silently.
 */
public final class TickPipeline implements AutoCloseable {
    /** How long close() waits for a drain that makes no progress before it reports the stall. */
    private static final long DRAIN_STALL_NS = 10_000_000_000L;

    private final Disruptor<TickEvent> disruptor;
    private final RingBuffer<TickEvent> ring;
    private final JournalStage journalStage;
    private final TickIngress ingress;
    private final EngineCounters counters;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final long drainStallNs;
    private boolean closed;

    public TickPipeline(EngineSettings settings, JournalSink sink, StreamTable streams, EngineCounters counters) {
        this(settings, sink, streams, counters, DRAIN_STALL_NS);
    }

    /** @param drainStallNs how long {@link #close()} waits for a drain that makes no progress */
    TickPipeline(EngineSettings settings, JournalSink sink, StreamTable streams, EngineCounters counters,
                 long drainStallNs) {
        this.counters = counters;
        this.drainStallNs = drainStallNs;
        String[] threadNames = settings.threading() == ThreadingMode.FUSED
            ? new String[] {"k2-engine"} : new String[] {"k2-dedup", "k2-sequence", "k2-journal"};
        ThreadFactory threadFactory = new ThreadFactory() {
            private int next;

            @Override
            public synchronized Thread newThread(Runnable runnable) {
                Thread thread = new Thread(runnable, threadNames[Math.min(next++, threadNames.length - 1)]);
                thread.setUncaughtExceptionHandler((t, e) -> failure.compareAndSet(null, e)); // recorded, rethrown to producers
                threads.add(thread);
                return thread;
            }
        };
        disruptor = new Disruptor<>(TickEvent::new, settings.ringSize(), threadFactory, settings.producer(),
            settings.newWaitStrategy());
        disruptor.setDefaultExceptionHandler(new FatalStageError());

        Deduplicator dedup = new Deduplicator(streams, counters);
        SequenceChecker sequenceChecker = new SequenceChecker(counters);
        journalStage = new JournalStage(sink, counters);
        if (settings.threading() == ThreadingMode.FUSED) {
            disruptor.handleEventsWith(new FusedStages(dedup, sequenceChecker, journalStage));
        } else {
            disruptor.handleEventsWith(dedup).then(sequenceChecker).then(journalStage);
        }
        ring = disruptor.start();
        ingress = new TickIngress(ring, this);
    }

    public TickIngress ingress() {
        return ingress;
    }

    public EngineCounters counters() {
        return counters;
    }

    /** Hash of the ticks accepted into the journal, as of the last flush. */
    public long acceptedHash() {
        return journalStage.acceptedHash();
    }

    void throwIfFailed() {
        Throwable cause = failure.get();
        if (cause != null) {
            throw new EngineFailedException("engine stopped: " + cause, cause);
        }
    }

    /** The failure that stopped the engine, or null. */
    public Throwable failure() {
        return failure.get();
    }

    /**
     * Drains: waits until every published tick has been journaled (or a stage failed), stops the
     * stages, and waits for their threads, so the sink is closed on its own thread before this returns.
     *
     * @throws EngineFailedException when a stage failed
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long published = ring.getCursor();
        long progress = minimumConsumerSequence();
        long stalledSinceNs = System.nanoTime();
        while (failure.get() == null && progress < published) {
            LockSupport.parkNanos(100_000L);
            long now = minimumConsumerSequence();
            if (now != progress) {
                progress = now;
                stalledSinceNs = System.nanoTime();
            } else if (System.nanoTime() - stalledSinceNs > drainStallNs) {
                failure.compareAndSet(null, new IllegalStateException("ring sequence " + (progress + 1)
                    + " was claimed but never published, so the ring cannot drain past it (a producer died"
                    + " between claim and publish); ticks after it were not journaled"));
            }
        }
        disruptor.halt();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throwIfFailed();
    }

    /** The last stage's progress: the journal's, or the fused handler's (which ends with the journal). */
    private long minimumConsumerSequence() {
        return ring.getMinimumGatingSequence();
    }

    /** Records the first stage failure and stops that stage (rethrowing ends its processor). */
    private final class FatalStageError implements ExceptionHandler<TickEvent> {
        @Override
        public void handleEventException(Throwable ex, long sequence, TickEvent event) {
            failure.compareAndSet(null, ex);
            throw new EngineFailedException("stage failed at ring sequence " + sequence + " on " + event, ex);
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            failure.compareAndSet(null, ex); // producers see it on their next claim; close() rethrows it
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            failure.compareAndSet(null, ex);
        }
    }
}
