package dev.k2.tools.cli;

import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.feeds.live.FeedStats;
import dev.k2.tools.runtime.LiveFeedRunner;
import java.io.PrintStream;

/** The summary `k2 feed` prints: the ingest summary plus the feed's connection and recovery counts. */
public final class FeedSummary {
    private FeedSummary() {
    }

    public static void print(PrintStream out, EngineCounters counters, LiveFeedRunner.Result result, boolean json) {
        IngestSummary ingest = IngestSummary.of(counters, counters.get(Counter.READ), result.elapsedNs(),
            result.acceptedHash());
        FeedStats feed = result.feed();
        if (json) {
            out.println(ingest.toJson().put("connects", feed.connects()).put("reconnects", feed.reconnects())
                .put("messages", feed.messages()).put("malformed", feed.malformed())
                .put("backfilled", feed.backfilled()).put("gapsUnfilled", feed.gapsUnfilled()));
        } else {
            ingest.print(out);
            out.printf("connects      %,d (%,d reconnects)%n", feed.connects(), feed.reconnects());
            out.printf("messages      %,d (%,d malformed)%n", feed.messages(), feed.malformed());
            out.printf("backfilled    %,d (%,d gaps left unfilled)%n", feed.backfilled(), feed.gapsUnfilled());
        }
    }
}
