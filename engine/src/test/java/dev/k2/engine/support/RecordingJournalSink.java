package dev.k2.engine.support;

import dev.k2.engine.journal.JournalSink;
import dev.k2.engine.tick.TickEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An in-memory journal that records every call as a line of text, and the ticks as copies.
 *
 * <p>Appends are O(1): a copy-on-write list made the 100,000-tick pipeline test quadratic (about
 * 2·10^10 element copies), which ran past its 30 s timeout on a loaded CI machine. Tests read the
 * lists after {@code TickPipeline.close()}, which joins the stage threads, or on the one thread
 * that appends.
 */
public final class RecordingJournalSink implements JournalSink {
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    public final List<TickEvent> ticks = Collections.synchronizedList(new ArrayList<>());
    public volatile String openedOn;
    public volatile String closedOn;
    private final long failAfterTicks;

    public RecordingJournalSink() {
        this(Long.MAX_VALUE);
    }

    /** A sink whose disk "fills up": appendTick throws after {@code failAfterTicks} ticks. */
    public RecordingJournalSink(long failAfterTicks) {
        this.failAfterTicks = failAfterTicks;
    }

    @Override
    public void open() {
        openedOn = Thread.currentThread().getName();
    }

    @Override
    public void appendTick(TickEvent tick) {
        if (ticks.size() >= failAfterTicks) {
            throw new IllegalStateException("disk full (simulated)");
        }
        TickEvent copy = new TickEvent().clear();
        copy.copyCoreFrom(tick);
        copy.sequenceClass = tick.sequenceClass;
        ticks.add(copy);
        calls.add("tick " + tick.sourceSeq + " " + tick.sequenceClass);
    }

    @Override
    public void appendGap(int instrumentId, int channel, long from, long to, long detectedAtNs) {
        calls.add("gap " + from + ".." + to);
    }

    @Override
    public void appendReset(int instrumentId, int channel, long oldHighWaterMark, long newSeq, long atNs) {
        calls.add("reset " + oldHighWaterMark + "->" + newSeq);
    }

    @Override
    public void appendDuplicates(int instrumentId, int channel, long first, long last, long count, long atNs) {
        calls.add("duplicates " + first + ".." + last + " x" + count);
    }

    @Override
    public void flush() {
        calls.add("flush");
    }

    @Override
    public void close() {
        closedOn = Thread.currentThread().getName();
    }
}
