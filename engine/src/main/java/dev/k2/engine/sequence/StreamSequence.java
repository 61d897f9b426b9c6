package dev.k2.engine.sequence;

import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.TickEvent;

/**
 * Sequence state of one stream (venue, instrument, channel): the high-water mark, the open gaps
 * and the arrival time of the last accepted tick. Pure logic, owned by one thread, no allocation.
 *
 * <p>{@link #classify} is exact: a number is new iff it is above the high-water mark or inside an
 * open gap. Reset is tested before out-of-order, and only on {@link SequencePolicy#SESSION} streams.
 * The state depends only on the accepted ticks and their receive times, so replaying a journal
 * rebuilds it exactly.
 */
public final class StreamSequence {
    private final SequenceRules rules;
    private final GapSet gaps;
    private boolean started;
    private long highWaterMark;
    private long lastArrivalNs;

    public StreamSequence(SequenceRules rules) {
        this.rules = rules;
        this.gaps = new GapSet(rules.maxOpenGaps());
    }

    /**
     * Classifies {@code event.sourceSeq}, updates the state, and writes the class (and, for GAP and
     * RESET, the range) into the event.
     */
    public SequenceClass classify(TickEvent event) {
        long seq = event.sourceSeq;
        long arrivalNs = event.receiveTimeNs;
        SequenceClass result;
        if (!started) {
            started = true;
            highWaterMark = seq;
            result = SequenceClass.IN_ORDER;
        } else if (seq == highWaterMark + 1) {
            highWaterMark = seq;
            result = SequenceClass.IN_ORDER;
        } else if (seq > highWaterMark) {
            event.gapFrom = highWaterMark + 1;
            event.gapTo = seq - 1;
            gaps.open(highWaterMark + 1, seq - 1);
            highWaterMark = seq;
            result = SequenceClass.GAP;
        } else if (event.sequencePolicy == SequencePolicy.SESSION
            && highWaterMark - seq >= rules.resetMinDrop()
            && arrivalNs - lastArrivalNs >= rules.resetMinPauseNs()) {
            event.gapFrom = highWaterMark;
            event.gapTo = seq;
            gaps.clear();
            highWaterMark = seq;
            result = SequenceClass.RESET;
        } else {
            int gap = gaps.find(seq);
            if (gap < 0) {
                event.sequenceClass = SequenceClass.DUPLICATE;
                return SequenceClass.DUPLICATE; // duplicates do not count as activity: state stays a function of accepted ticks
            }
            gaps.fill(gap, seq);
            result = SequenceClass.OUT_OF_ORDER;
        }
        lastArrivalNs = arrivalNs;
        event.sequenceClass = result;
        return result;
    }

    public long highWaterMark() {
        return highWaterMark;
    }

    public long lastArrivalNs() {
        return lastArrivalNs;
    }

    /**
     * Restores state saved by a checkpoint (the stream must be fresh).
     *
     * @param gapBounds open gaps as {@code from0, to0, from1, to1, ...}, ascending
     */
    public void restore(long highWaterMark, long lastArrivalNs, long abandoned, long[] gapBounds) {
        this.started = true;
        this.highWaterMark = highWaterMark;
        this.lastArrivalNs = lastArrivalNs;
        gaps.restore(abandoned, gapBounds);
    }

    public GapSet gaps() {
        return gaps;
    }

    public boolean started() {
        return started;
    }
}
