package dev.k2.engine.journal;

import dev.k2.engine.tick.TickEvent;

/**
 * Where the journal stage writes: the narrow interface that keeps the engine free of Chronicle
 * (STYLE.md 3). Chronicle Queue implements it in {@code persistence}; tests use an in-memory one.
 *
 * <p>All calls come from the journal stage's thread: {@link #open()} and {@link #close()} too, so an
 * implementation creates and closes its appender on its owning thread. A failure throws; the engine
 * treats any journal error as fatal and halts intake (nothing is accepted that is not journaled).
 */
public interface JournalSink extends AutoCloseable {
    /** Called on the owning thread before the first append. */
    void open();

    /** Appends an accepted tick. */
    void appendTick(TickEvent tick);

    /** A gap opened on a stream: sequence numbers [from, to] are missing. */
    void appendGap(int instrumentId, int channel, long from, long to, long detectedAtNs);

    /** A session stream restarted: its high-water mark fell from {@code oldHighWaterMark} to {@code newSeq}. */
    void appendReset(int instrumentId, int channel, long oldHighWaterMark, long newSeq, long atNs);

    /** {@code count} duplicates of the stream arrived, sequences (or ids) from {@code first} to {@code last}. */
    void appendDuplicates(int instrumentId, int channel, long first, long last, long count, long atNs);

    /** Makes everything appended so far durable and visible to readers; called once per ring batch. */
    void flush();

    /** Called on the owning thread after the last flush. */
    @Override
    void close();
}
