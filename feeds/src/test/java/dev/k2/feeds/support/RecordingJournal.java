package dev.k2.feeds.support;

import dev.k2.engine.journal.JournalSink;
import dev.k2.engine.tick.TickEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory {@link JournalSink}: keeps a copy of every accepted tick and every marker. Written on
 * the journal thread; read it only after {@code TickPipeline.close()}, which joins that thread.
 */
public final class RecordingJournal implements JournalSink {
    public record Gap(int instrumentId, int channel, long from, long to) {
    }

    public record DuplicateRun(int instrumentId, int channel, long first, long last, long count) {
    }

    private final boolean keepTicks;
    private final List<RecordedTick> ticks = new ArrayList<>();
    private final List<Gap> gaps = new ArrayList<>();
    private final List<DuplicateRun> duplicateRuns = new ArrayList<>();
    private long appended;

    /** @param keepTicks false to count ticks without copying them (for allocation measurements) */
    public RecordingJournal(boolean keepTicks) {
        this.keepTicks = keepTicks;
    }

    public RecordingJournal() {
        this(true);
    }

    @Override
    public void open() {
    }

    @Override
    public void appendTick(TickEvent tick) {
        appended++;
        if (keepTicks) {
            ticks.add(RecordedTick.of(tick));
        }
    }

    @Override
    public void appendGap(int instrumentId, int channel, long from, long to, long detectedAtNs) {
        gaps.add(new Gap(instrumentId, channel, from, to));
    }

    @Override
    public void appendReset(int instrumentId, int channel, long oldHighWaterMark, long newSeq, long atNs) {
        throw new AssertionError("no feed here numbers by session; reset on " + instrumentId + "/" + channel);
    }

    @Override
    public void appendDuplicates(int instrumentId, int channel, long first, long last, long count, long atNs) {
        duplicateRuns.add(new DuplicateRun(instrumentId, channel, first, last, count));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    public List<RecordedTick> ticks() {
        return ticks;
    }

    public long appended() {
        return appended;
    }

    public List<Gap> gaps() {
        return gaps;
    }

    public List<DuplicateRun> duplicateRuns() {
        return duplicateRuns;
    }
}
