package dev.k2.engine.sequence;

/** What a tick's sequence number says about its stream. One code per journal flag value. */
public enum SequenceClass {
    /** The next expected number, or the first tick of a stream. */
    IN_ORDER,
    /** Ahead of the next expected number: the numbers in between are missing (a gap opens). */
    GAP,
    /** Already seen: at or below the high-water mark and not inside an open gap. Dropped. */
    DUPLICATE,
    /** Late: below the high-water mark but inside an open gap, which it fills (shrinks). Accepted. */
    OUT_OF_ORDER,
    /** A large drop after a long pause on a session-numbered stream: the source restarted. Accepted. */
    RESET,
    /** No usable sequence; dedup by native id found it new. Accepted. */
    UNSEQUENCED;

    private static final SequenceClass[] VALUES = values();

    public static SequenceClass ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    public boolean accepted() {
        return this != DUPLICATE;
    }
}
