package dev.k2.engine.journal;

import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.TickEvent;

/**
 * Coalesces consecutive duplicates of one stream into a single marker, so re-ingesting a file
 * journals a handful of duplicate-run markers rather than one record per duplicate, while a replay or
 * an audit still sees every duplicate counted (DESIGN.md 8).
 */
final class DuplicateRun {
    private boolean open;
    private int instrumentId;
    private int channel;
    private long first;
    private long last;
    private long count;
    private long atNs;

    /** True when the duplicate extends the open run; otherwise the caller flushes the run first. */
    boolean belongsToOpenRun(TickEvent event) {
        return open && event.instrumentId == instrumentId && event.channel == channel;
    }

    void add(TickEvent event) {
        long key = event.sequencePolicy == SequencePolicy.UNSEQUENCED ? event.tradeId : event.sourceSeq;
        if (!open) {
            open = true;
            instrumentId = event.instrumentId;
            channel = event.channel;
            first = key;
            count = 0;
            atNs = event.receiveTimeNs;
        }
        last = key;
        count++;
    }

    /** Writes the open run, if any, and closes it. @return 1 when a marker was written. */
    int flushTo(JournalSink sink) {
        if (!open) {
            return 0;
        }
        sink.appendDuplicates(instrumentId, channel, first, last, count, atNs);
        open = false;
        return 1;
    }
}
