package dev.k2.feeds.binance;

import dev.k2.feeds.live.FeedStats;
import java.util.concurrent.atomic.AtomicLong;

/** The feed's counts: written by its event loop only (ordered writes), read by anyone. */
final class FeedCounters {
    final AtomicLong connects = new AtomicLong();
    final AtomicLong messages = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong backfilled = new AtomicLong();
    final AtomicLong gapsUnfilled = new AtomicLong();
    final AtomicLong backfillErrors = new AtomicLong();
    final AtomicLong connectFailures = new AtomicLong();
    final AtomicLong staleConnections = new AtomicLong();
    final AtomicLong serverShutdowns = new AtomicLong();
    final AtomicLong backPressurePauses = new AtomicLong();

    static void increment(AtomicLong counter) {
        counter.lazySet(counter.get() + 1);
    }

    static void add(AtomicLong counter, long delta) {
        counter.lazySet(counter.get() + delta);
    }

    FeedStats stats() {
        long c = connects.get();
        return new FeedStats(c, Math.max(0, c - 1), messages.get(), malformed.get(), backfilled.get(), gapsUnfilled.get());
    }
}
