package dev.k2.tools.cli;

import dev.k2.feeds.binary.BinaryFeedSettings;
import dev.k2.feeds.binary.BinaryTcpFeed;
import dev.k2.tools.runtime.EngineSession;
import dev.k2.tools.runtime.LiveFeedRunner;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code k2 feed binary}: the binary TCP feed into the engine and journal. */
@Command(name = "binary", mixinStandardHelpOptions = true,
    description = {
        "Connect to a binary tick feed (length-prefixed little-endian frames over TCP, per-channel",
        "sequences) and journal its ticks. Gaps in a channel's sequence are re-requested from the",
        "retransmission port and filled through the same ring; when the ring is full the feed stops",
        "reading the socket (TCP back-pressure) and drops nothing; malformed frames go to the",
        "dead-letter journal. Reconnects with capped exponential back-off. A restarted feed catches",
        "up from the session's first sequence and dedup drops what the journal already has."},
    footer = {"", "Example: k2 sim binary --port 9100 --count 1000000 &",
        "         k2 feed binary --url tcp://127.0.0.1:9100 --duration 30s"})
public final class FeedBinaryCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "Live port, tcp://HOST:PORT.")
    String url;

    @Option(names = "--retransmit-url", paramLabel = "URL",
        description = "Retransmission port, tcp://HOST:PORT. Default: the live host, live port + 1.")
    String retransmitUrl;

    @Option(names = "--duration", paramLabel = "D", description = "How long to run (500ms, 30s, 5m). Default: until Ctrl-C.")
    String duration;

    @Override
    public Integer call() throws InterruptedException {
        BinaryFeedSettings settings = BinaryFeedSettings.fromUrls(url, retransmitUrl);
        Duration runFor = duration == null ? null : Durations.parse("--duration", duration);
        try (EngineSession engine = EngineSession.open(common.config())) {
            LiveFeedRunner.Result result = LiveFeedRunner.run(engine, context -> new BinaryTcpFeed(settings, context), runFor);
            FeedSummary.print(System.out, engine.counters(), result, common.json());
        }
        return 0;
    }
}
