package dev.k2.persistence.cold;

/**
 * How far a following cold writer trails the journal, as last published by its thread (readable from
 * any thread through {@link ColdFollower#lag()}).
 *
 * @param excerptsBehind    journal excerpts the writer has read but not yet committed
 * @param recordsBehind     records (ticks and markers) in those excerpts
 * @param lagNs             journal time of the newest record read minus that of the last committed one
 *                          (0 when caught up)
 * @param watermark         the journal index both tables hold, {@link Watermark#NONE} when none
 * @param lastIndexRead     the last journal excerpt the writer has read (-1 before any)
 * @param breaker           the commit breaker's state
 * @param failures          consecutive failed attempts at the current batch
 * @param lastError         the last commit failure's message, or null
 */
public record ColdLag(long excerptsBehind, long recordsBehind, long lagNs, long watermark, long lastIndexRead,
                      CircuitBreaker.State breaker, int failures, String lastError) {
    public static final ColdLag NOT_STARTED = new ColdLag(0, 0, 0, Watermark.NONE, -1, CircuitBreaker.State.CLOSED, 0, null);

    public double secondsBehind() {
        return lagNs / 1e9;
    }
}
