package dev.k2.engine.dedup;

import dev.k2.engine.sequence.SequenceClass;
import dev.k2.engine.sequence.SequenceRules;
import dev.k2.engine.sequence.StreamSequence;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.TickEvent;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Per-stream dedup state, keyed by (instrument, channel): a {@link StreamSequence} for sequenced
 * streams, a {@link RecentIdWindow} for unsequenced ones. Owned by the dedup stage's thread (or the
 * rebuilding thread before the engine starts). A new stream allocates once; lookups do not.
 */
public final class StreamTable {
    private final SequenceRules rules;
    private final int windowSize;
    private final Long2ObjectHashMap<StreamSequence> sequences = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<RecentIdWindow> windows = new Long2ObjectHashMap<>();

    public StreamTable(SequenceRules rules, int windowSize) {
        this.rules = rules;
        this.windowSize = windowSize;
    }

    public static long streamKey(int instrumentId, int channel) {
        return ((long) instrumentId << 32) | (channel & 0xFFFFFFFFL);
    }

    public StreamSequence sequence(int instrumentId, int channel) {
        long key = streamKey(instrumentId, channel);
        StreamSequence sequence = sequences.get(key);
        if (sequence == null) {
            sequence = new StreamSequence(rules);
            sequences.put(key, sequence);
        }
        return sequence;
    }

    public RecentIdWindow window(int instrumentId, int channel) {
        long key = streamKey(instrumentId, channel);
        RecentIdWindow window = windows.get(key);
        if (window == null) {
            window = new RecentIdWindow(windowSize);
            windows.put(key, window);
        }
        return window;
    }

    /** Visits every sequenced stream with its key ({@link #streamKey}), for checkpoints. */
    public void forEachSequence(java.util.function.BiConsumer<Long, StreamSequence> visitor) {
        sequences.forEach(visitor);
    }

    /** Visits every unsequenced stream's id window with its key, for checkpoints. */
    public void forEachWindow(java.util.function.BiConsumer<Long, RecentIdWindow> visitor) {
        windows.forEach(visitor);
    }

    public int windowSize() {
        return windowSize;
    }

    public SequenceRules rules() {
        return rules;
    }

    /** The stream for a checkpointed key. */
    public StreamSequence sequence(long streamKey) {
        return sequence((int) (streamKey >>> 32), (int) streamKey);
    }

    /** The window for a checkpointed key. */
    public RecentIdWindow window(long streamKey) {
        return window((int) (streamKey >>> 32), (int) streamKey);
    }

    /** Sequenced streams known, for stats. */
    public int sequencedStreams() {
        return sequences.size();
    }

    /** Open gaps over all streams. */
    public long openGaps() {
        long total = 0;
        for (StreamSequence sequence : sequences.values()) {
            total += sequence.gaps().size();
        }
        return total;
    }

    /**
     * Decides whether the tick was already seen, by its natural key, and records the verdict (and,
     * for sequenced streams, the sequence class) in the slot. No allocation once the stream exists.
     */
    public SequenceClass classify(TickEvent event) {
        if (event.sequencePolicy == SequencePolicy.UNSEQUENCED) {
            boolean fresh = event.tradeId < 0 || window(event.instrumentId, event.channel).add(event.tradeId);
            event.sequenceClass = fresh ? SequenceClass.UNSEQUENCED : SequenceClass.DUPLICATE;
            return event.sequenceClass;
        }
        return sequence(event.instrumentId, event.channel).classify(event);
    }

    /**
     * Re-applies a tick read back from the journal (it was accepted), rebuilding the state exactly:
     * the state is a function of the accepted ticks and their receive times.
     */
    public void replayAccepted(TickEvent event) {
        classify(event);
    }

    /** Sequence numbers still missing in the open gaps of every stream of an instrument. */
    public long missing(int instrumentId) {
        long total = 0;
        Long2ObjectHashMap<StreamSequence>.KeyIterator keys = sequences.keySet().iterator();
        while (keys.hasNext()) {
            long key = keys.nextLong();
            if ((int) (key >>> 32) == instrumentId) {
                total += sequences.get(key).gaps().missing();
            }
        }
        return total;
    }
}
