package dev.k2.bench;

import dev.k2.engine.journal.JournalSink;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.time.EpochClock;
import org.HdrHistogram.Histogram;

/**
 * A bench-only decorator of the real journal sink: a tick counts as journaled when the flush that
 * makes it durable returns, and its latency is that moment minus its exchange time (the simulator's
 * planned send time). Records only ticks planned at or after {@code recordFromNs} (after warm-up).
 * Single-threaded: the journal stage's thread.
 */
final class LatencyRecordingSink implements JournalSink {
    private final JournalSink delegate;
    private final EpochClock clock;
    private final Histogram histogram;
    private final long recordFromNs;
    private long[] pending = new long[1 << 16];
    private int pendingCount;
    private long recorded;

    LatencyRecordingSink(JournalSink delegate, EpochClock clock, Histogram histogram, long recordFromNs) {
        this.delegate = delegate;
        this.clock = clock;
        this.histogram = histogram;
        this.recordFromNs = recordFromNs;
    }

    @Override
    public void open() {
        delegate.open();
    }

    @Override
    public void appendTick(TickEvent tick) {
        delegate.appendTick(tick);
        if (tick.exchangeTimeNs >= recordFromNs) {
            if (pendingCount == pending.length) {
                pending = java.util.Arrays.copyOf(pending, pending.length * 2);
            }
            pending[pendingCount++] = tick.exchangeTimeNs;
        }
    }

    @Override
    public void appendGap(int instrumentId, int channel, long from, long to, long detectedAtNs) {
        delegate.appendGap(instrumentId, channel, from, to, detectedAtNs);
    }

    @Override
    public void appendReset(int instrumentId, int channel, long oldHighWaterMark, long newSeq, long atNs) {
        delegate.appendReset(instrumentId, channel, oldHighWaterMark, newSeq, atNs);
    }

    @Override
    public void appendDuplicates(int instrumentId, int channel, long first, long last, long count, long atNs) {
        delegate.appendDuplicates(instrumentId, channel, first, last, count, atNs);
    }

    @Override
    public void flush() {
        delegate.flush();
        long now = clock.epochNanos();
        for (int i = 0; i < pendingCount; i++) {
            histogram.recordValue(Math.max(0, now - pending[i]));
        }
        recorded += pendingCount;
        pendingCount = 0;
    }

    /** Ticks recorded; read after the journal stage has stopped. */
    long recorded() {
        return recorded;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
