package dev.k2.feeds.live;

/**
 * A feed's own counts, beyond the engine's.
 *
 * @param connects      successful connections (the first one included)
 * @param reconnects    connections after the first (drops, stale streams, rotations)
 * @param messages      messages decoded (frames for Binance, ticks for the binary feed)
 * @param malformed     messages dead-lettered
 * @param backfilled    ticks recovered by a gap request (REST for Binance, re-request for binary)
 * @param gapsUnfilled  gaps given up (left as journaled gap markers)
 */
public record FeedStats(long connects, long reconnects, long messages, long malformed, long backfilled,
                        long gapsUnfilled) {
}
