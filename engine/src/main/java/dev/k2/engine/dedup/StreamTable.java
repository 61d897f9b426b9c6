package dev.k2.engine.dedup;

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

    /** Re-applies a tick read back from the journal (it was accepted), rebuilding the state. */
    public void replayAccepted(TickEvent event) {
        if (event.sequencePolicy == SequencePolicy.UNSEQUENCED) {
            if (event.tradeId >= 0) {
                window(event.instrumentId, event.channel).add(event.tradeId);
            }
        } else {
            sequence(event.instrumentId, event.channel).classify(event);
        }
    }
}
