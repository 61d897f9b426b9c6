package dev.k2.engine.journal;

/**
 * Where rejected input goes (DESIGN.md 8): the raw bytes, where they came from, and why. Called on
 * the feed's thread, which owns the implementation (and, for Chronicle, its appender).
 */
public interface DeadLetterSink extends AutoCloseable {
    /**
     * @param raw      the rejected input, unchanged
     * @param source   file path or connection
     * @param position line number for files, frame number for connections
     * @param reason   the reason code
     * @param message  what exactly was wrong, for a person
     */
    void reject(byte[] raw, int rawOffset, int rawLength, String source, long position, RejectReason reason,
                String message);

    @Override
    void close();
}
