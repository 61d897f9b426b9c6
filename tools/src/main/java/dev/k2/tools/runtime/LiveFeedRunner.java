package dev.k2.tools.runtime;

import dev.k2.feeds.live.FeedContext;
import dev.k2.feeds.live.FeedStats;
import dev.k2.feeds.live.LiveFeed;
import java.time.Duration;
import java.util.function.Function;

/**
 * Runs a live feed against an engine session until a duration ends or the process is interrupted
 * (Ctrl-C, SIGTERM), then shuts down in order: feed closed (no more publishing), ring drained,
 * journal flushed and closed, checkpoint written. Nothing published is lost on a clean stop.
 */
public final class LiveFeedRunner {
    /** What the run produced. */
    public record Result(FeedStats feed, long elapsedNs, long acceptedHash) {
    }

    private LiveFeedRunner() {
    }

    /**
     * @param engine   an open session; closed by this method
     * @param factory  makes the feed from the engine's context
     * @param duration how long to run, or null to run until interrupted
     */
    public static Result run(EngineSession engine, Function<FeedContext, LiveFeed> factory, Duration duration)
        throws InterruptedException {
        long start = System.nanoTime();
        FeedStats stats;
        try (StopSignal stop = StopSignal.install()) {
            LiveFeed feed = factory.apply(engine.feedContext());
            try {
                feed.start();
                if (duration == null) {
                    stop.await();
                } else {
                    stop.await(duration.toNanos());
                }
            } finally {
                feed.close();
            }
            stats = feed.stats();
            engine.close();
        }
        return new Result(stats, System.nanoTime() - start, engine.acceptedHash());
    }
}
