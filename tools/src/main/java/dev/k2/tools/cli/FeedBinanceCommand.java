package dev.k2.tools.cli;

import dev.k2.feeds.binance.BinanceFeed;
import dev.k2.feeds.binance.BinanceFeedConfig;
import dev.k2.feeds.binance.BinanceStream;
import dev.k2.tools.runtime.EngineSession;
import dev.k2.tools.runtime.LiveFeedRunner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code k2 feed binance}: Binance market data over WebSocket into the engine and journal. */
@Command(name = "binance", mixinStandardHelpOptions = true,
    description = {
        "Stream Binance trades (and optionally aggTrades, bookTicker) over a combined-stream WebSocket",
        "into the engine and journal, following Binance's rules: each server ping answered at once with",
        "the same payload; a connection replaced before its 24 h end or on serverShutdown, both running",
        "until the new one delivers (dedup absorbs the overlap); capped exponential back-off with jitter,",
        "at most 300 connection attempts per 5 minutes; a stream silent for --stale-after is reconnected.",
        "Skipped trade ids are backfilled from REST (historicalTrades / aggTrades, paged) through the",
        "same ring; a restart backfills from the last id journaled. Malformed frames go to the",
        "dead-letter journal. Set K2_BINANCE_API_KEY to send an API key with the REST calls."},
    footer = {"", "Example: k2 feed binance --duration 1m",
        "         k2 sim binance --port 9443 --rate 1000 &",
        "         k2 feed binance --url ws://127.0.0.1:9443 --rest-url http://127.0.0.1:9443 --duration 30s"})
public final class FeedBinanceCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--url", paramLabel = "URL", defaultValue = BinanceFeedConfig.DEFAULT_URL,
        description = "WebSocket base: wss://stream.binance.com:9443, wss://data-stream.binance.vision, or ws://HOST:PORT. "
            + "Default: ${DEFAULT-VALUE}.")
    String url;

    @Option(names = "--rest-url", paramLabel = "URL", defaultValue = BinanceFeedConfig.DEFAULT_REST_URL,
        description = "REST base for gap backfill. Default: ${DEFAULT-VALUE}.")
    String restUrl;

    @Option(names = "--symbols", paramLabel = "S,S", split = ",", defaultValue = "BTCUSDT,ETHUSDT,BNBUSDT",
        description = "Symbols. Default: ${DEFAULT-VALUE}.")
    List<String> symbols;

    @Option(names = "--streams", paramLabel = "KIND,KIND", split = ",", defaultValue = "trade",
        description = "Stream kinds per symbol: trade, aggTrade, bookTicker. Default: ${DEFAULT-VALUE}.")
    List<String> streams;

    @Option(names = "--duration", paramLabel = "D", description = "How long to run (500ms, 30s, 5m). Default: until Ctrl-C.")
    String duration;

    @Option(names = "--max-connection-age", paramLabel = "D", defaultValue = "24h",
        description = "A connection's life; its replacement opens a tenth of it (at most 5 min) before. Default: ${DEFAULT-VALUE}.")
    String maxConnectionAge;

    @Option(names = "--rotation-overlap", paramLabel = "D", defaultValue = "2s",
        description = "How long the old connection keeps running once its replacement delivers. Default: ${DEFAULT-VALUE}.")
    String rotationOverlap;

    @Option(names = "--stale-after", paramLabel = "D", defaultValue = "60s",
        description = "Reconnect a connection that delivered no data for this long. Default: ${DEFAULT-VALUE}.")
    String staleAfter;

    @Option(names = "--gap-grace", paramLabel = "D", defaultValue = "500ms",
        description = "How long skipped ids may arrive late before REST is asked for them. Default: ${DEFAULT-VALUE}.")
    String gapGrace;

    @Override
    public Integer call() throws InterruptedException {
        List<BinanceStream> kinds = streams.stream().map(BinanceStream::parse).distinct().toList();
        BinanceFeedConfig base = BinanceFeedConfig.of(url, restUrl, symbols)
            .withStreams(kinds)
            .withConnectionLife(Durations.parse("--max-connection-age", maxConnectionAge),
                Durations.parse("--rotation-overlap", rotationOverlap), Durations.parse("--stale-after", staleAfter))
            .withGapGrace(Durations.parse("--gap-grace", gapGrace))
            .withApiKey(System.getenv("K2_BINANCE_API_KEY"));
        Duration runFor = duration == null ? null : Durations.parse("--duration", duration);
        try (EngineSession engine = EngineSession.open(common.config())) {
            BinanceFeedConfig config = base.withResume(engine::recoveredHighWaterMark);
            LiveFeedRunner.Result result = LiveFeedRunner.run(engine, context -> new BinanceFeed(config, context), runFor);
            FeedSummary.print(System.out, engine.counters(), result, common.json());
        }
        return 0;
    }
}
