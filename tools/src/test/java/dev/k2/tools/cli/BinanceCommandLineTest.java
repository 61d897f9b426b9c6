package dev.k2.tools.cli;

import static dev.k2.tools.CommandLineRun.k2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.feeds.sim.binance.BinanceSimConfig;
import dev.k2.feeds.sim.binance.BinanceSimulator;
import dev.k2.feeds.sim.binance.SimFault;
import dev.k2.feeds.sim.binance.SimSummary;
import dev.k2.tools.CommandLineRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class BinanceCommandLineTest {
    @TempDir
    Path dir;

    @Test
    void feedBinanceJournalsEverySimulatedTradeAndReportsBackfillAndDeadLetters() throws InterruptedException {
        BinanceSimConfig config = BinanceSimConfig.of(0, List.of("BTCUSDT", "ETHUSDT"), 1_000, 800, 3,
            SimFault.parseList("skip@100,skip@101,malformed@200,drop@400")).withPing(Duration.ofMillis(200), Duration.ofSeconds(2));
        try (BinanceSimulator sim = new BinanceSimulator(config)) {
            int port = sim.start();
            String data = dir.resolve("data").toString();
            CommandLineRun feed = k2("feed", "binance", "--url", "ws://127.0.0.1:" + port, "--rest-url",
                "http://127.0.0.1:" + port, "--symbols", "BTCUSDT,ETHUSDT", "--gap-grace", "100ms", "--duration", "4s",
                "--json", "--data-dir", data);
            assertThat(feed.exitCode()).as(feed.err()).isZero();
            SimSummary summary = sim.summary();
            assertThat(summary.trades()).isEqualTo(800);
            assertThat(feed.number("accepted")).isEqualTo(800);
            assertThat(feed.number("deadLetters")).isEqualTo(summary.malformedSent()).isEqualTo(1);
            assertThat(feed.number("backfilled")).isPositive();
            assertThat(feed.number("reconnects")).isPositive();
            assertThat(feed.number("gapsUnfilled")).isZero();

            CommandLineRun verify = k2("verify", "--json", "--data-dir", data);
            assertThat(verify.exitCode()).as(verify.out()).isZero();
            assertThat(verify.number("instruments", "BTCUSDT", "count"))
                .isEqualTo(summary.symbols().get("BTCUSDT").distinctTrades());
            assertThat(verify.number("instruments", "ETHUSDT", "count"))
                .isEqualTo(summary.symbols().get("ETHUSDT").distinctTrades());
        }
    }

    @Test
    void simBinanceWritesItsSummaryFile() throws IOException {
        Path summary = dir.resolve("sim.json");
        CommandLineRun sim = k2("sim", "binance", "--port", "0", "--duration", "300ms", "--linger", "0s",
            "--summary-file", summary.toString());
        assertThat(sim.exitCode()).as(sim.err()).isZero();
        assertThat(Files.readString(summary)).contains("\"BTCUSDT\":{\"firstTradeId\":-1").contains("\"malformedSent\":0");
    }

    @Test
    void binanceCommandsExplainThemselvesAndRejectBadOptionsClearly() {
        assertThat(k2("feed", "binance", "--help").out()).contains("--rest-url").contains("--max-connection-age");
        assertThat(k2("sim", "binance", "--help").out()).contains("--faults").contains("--summary-file");
        CommandLineRun badFault = k2("sim", "binance", "--port", "0", "--faults", "explode@3");
        assertThat(badFault.exitCode()).isEqualTo(2);
        assertThat(badFault.err()).contains("explode@3").contains("drop, skip");
        CommandLineRun badUrl = k2("feed", "binance", "--url", "http://x", "--data-dir", dir.toString());
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.err()).contains("ws://host:port or wss://host:port");
        CommandLineRun badKind = k2("feed", "binance", "--streams", "depth", "--data-dir", dir.toString());
        assertThat(badKind.exitCode()).isEqualTo(2);
        assertThat(badKind.err()).contains("trade, aggTrade or bookTicker");
    }
}
