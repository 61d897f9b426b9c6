package dev.k2.tools.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.config.K2Config;
import dev.k2.engine.ring.EngineSettings;
import dev.k2.engine.stats.Counter;
import dev.k2.feeds.binance.BinanceFeed;
import dev.k2.feeds.binance.BinanceFeedConfig;
import dev.k2.feeds.sim.binance.BinanceSimConfig;
import dev.k2.feeds.sim.binance.BinanceSimulator;
import dev.k2.feeds.sim.binance.SimFault;
import dev.k2.feeds.sim.binance.SimSummary;
import dev.k2.persistence.DataDirectory;
import dev.k2.tools.runtime.EngineSession;
import dev.k2.tools.verify.InstrumentReport;
import dev.k2.tools.verify.JournalVerifier;
import dev.k2.tools.verify.VerifyReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Binance feed against the simulator over loopback, into a real engine session and journal:
 * for every fault, exact accounting (every distinct trade the simulator produced is journaled once,
 * no gap is left open, every malformed frame sent is a dead letter).
 */
@Timeout(90)
class BinanceFeedEndToEndTest {
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");

    @TempDir
    Path dir;

    private record Run(SimSummary sim, VerifyReport journal, long accepted, long duplicates, long deadLetters,
                       dev.k2.feeds.live.FeedStats feed) {
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private K2Config config() {
        return K2Config.load(null, Map.of("data.dir", dir.resolve("data").toString()));
    }

    private BinanceFeedConfig feedConfig(int port) {
        return BinanceFeedConfig.of("ws://127.0.0.1:" + port, "http://127.0.0.1:" + port, SYMBOLS)
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
            .withGapGrace(Duration.ofMillis(100))
            .withConnectionLife(Duration.ofHours(24), Duration.ofMillis(200), Duration.ofMillis(300));
    }

    /** Runs the simulator until it produced {@code count} trades and the feed journaled them. */
    private Run run(String faults, int count, UnaryOperator<BinanceFeedConfig> tweak, UnaryOperator<BinanceSimConfig> simTweak)
        throws InterruptedException {
        BinanceSimConfig simConfig = simTweak.apply(BinanceSimConfig.of(0, SYMBOLS, 1_000, count, 7, SimFault.parseList(faults))
            .withPing(Duration.ofMillis(100), Duration.ofMillis(300)).withShutdownGrace(Duration.ofMillis(300)));
        try (BinanceSimulator sim = new BinanceSimulator(simConfig)) {
            int port = sim.start();
            EngineSession session = EngineSession.open(config());
            BinanceFeed feed;
            try {
                feed = new BinanceFeed(tweak.apply(feedConfig(port)).withResume(session::recoveredHighWaterMark),
                    session.feedContext());
                feed.start();
                try {
                    await("the simulator to produce " + count + " trades", Duration.ofSeconds(40), sim::finished);
                    long produced = sim.summary().trades();
                    try {
                        await("the journal to hold all " + produced + " trades", Duration.ofSeconds(30),
                            () -> session.counters().get(Counter.ACCEPTED) >= produced && feed.missing() == 0);
                    } catch (AssertionError e) {
                        throw new AssertionError(e.getMessage() + "; journaled " + session.counters().get(Counter.ACCEPTED)
                            + ", feed " + feed.stats() + ", missing " + feed.missing() + ", last error: " + feed.lastError(), e);
                    }
                } finally {
                    feed.close();
                }
            } finally {
                session.close();
            }
            SimSummary summary = sim.summary();
            return new Run(summary, verify(), session.counters().get(Counter.ACCEPTED),
                session.counters().get(Counter.DUPLICATES), session.counters().get(Counter.DEAD_LETTERS), feed.stats());
        }
    }

    private VerifyReport verify() {
        EngineSettings settings = EngineSettings.from(config());
        return JournalVerifier.verify(new DataDirectory(dir.resolve("data")).journal(), settings.sequenceRules(),
            settings.dedupWindow());
    }

    private static void assertExactAccounting(Run run) {
        assertThat(run.journal.consistent()).as("journal problems: %s", run.journal.problems()).isTrue();
        long total = 0;
        for (Map.Entry<String, SimSummary.SymbolSummary> e : run.sim.symbols().entrySet()) {
            InstrumentReport report = run.journal.instruments().get(e.getKey());
            assertThat(report).as("journal has %s", e.getKey()).isNotNull();
            assertThat(report.count()).as("%s trades journaled", e.getKey()).isEqualTo(e.getValue().distinctTrades());
            assertThat(report.missingOpen()).as("%s ids still missing", e.getKey()).isZero();
            total += e.getValue().distinctTrades();
        }
        assertThat(run.journal.ticks()).isEqualTo(total);
        assertThat(run.accepted).isEqualTo(total);
        assertThat(run.deadLetters).as("dead letters = malformed frames sent").isEqualTo(run.sim.malformedSent());
        assertThat(run.feed.malformed()).isEqualTo(run.sim.malformedSent());
        assertThat(run.feed.gapsUnfilled()).isZero();
    }

    @ParameterizedTest(name = "faults: {0}")
    @ValueSource(strings = {"none", "drop@150,drop@400", "skip@100,skip@101,skip@102,skip@350", "repeat@120,repeat@121",
        "reorder@200,reorder@300", "malformed@50,malformed@100,malformed@150,malformed@200,malformed@250,malformed@300",
        "stall@100", "no-ping@100", "no-pong@50", "shutdown@200"})
    void everyTradeTheSimulatorProducedIsJournaledExactlyOnceDespiteTheFault(String faults) throws InterruptedException {
        Run run = run(faults.equals("none") ? "" : faults, 1_000, c -> c, s -> s);
        assertExactAccounting(run);
        if (faults.startsWith("skip") || faults.startsWith("drop") || faults.startsWith("stall") || faults.startsWith("no-pong")) {
            assertThat(run.feed.backfilled()).as("trades recovered over REST").isPositive();
        }
        if (faults.startsWith("repeat")) {
            assertThat(run.duplicates).as("repeats absorbed by dedup").isEqualTo(2);
        }
        if (faults.startsWith("malformed")) {
            assertThat(run.sim.malformedSent()).isEqualTo(6);
        }
        if (faults.startsWith("drop") || faults.startsWith("stall") || faults.startsWith("no-pong") || faults.startsWith("shutdown")) {
            assertThat(run.feed.reconnects()).as("reconnected").isPositive();
        }
    }

    @Test
    void connectionsAreReplacedBeforeTheirMaximumAgeWithoutLosingOrDoublingATrade() throws InterruptedException {
        Run run = run("", 2_500, c -> c.withConnectionLife(Duration.ofMillis(700), Duration.ofMillis(150), Duration.ofSeconds(5)),
            s -> s);
        assertExactAccounting(run);
        assertThat(run.feed.connects()).as("connections opened over 2.5 s with a 0.7 s life").isGreaterThanOrEqualTo(3);
    }

    @Test
    void aRestartedFeedResumesAfterTheJournalWithoutDuplicatesAndBackfillsWhatItMissed() throws InterruptedException {
        BinanceSimConfig simConfig = BinanceSimConfig.of(0, SYMBOLS, 1_000, 1_500, 11, List.of())
            .withPing(Duration.ofMillis(100), Duration.ofMillis(400));
        try (BinanceSimulator sim = new BinanceSimulator(simConfig)) {
            int port = sim.start();
            long firstRun;
            try (EngineSession session = EngineSession.open(config())) {
                BinanceFeed feed = new BinanceFeed(feedConfig(port), session.feedContext());
                feed.start();
                try {
                    await("300 trades journaled", Duration.ofSeconds(20), () -> session.counters().get(Counter.ACCEPTED) >= 300);
                } finally {
                    feed.close();
                }
                session.close();
                firstRun = session.counters().get(Counter.ACCEPTED);
            }
            Thread.sleep(300);
            long secondRun;
            BinanceFeed feed;
            try (EngineSession session = EngineSession.open(config())) {
                feed = new BinanceFeed(feedConfig(port).withResume(session::recoveredHighWaterMark), session.feedContext());
                feed.start();
                try {
                    await("the simulator to finish", Duration.ofSeconds(20), sim::finished);
                    long produced = sim.summary().trades();
                    await("all trades journaled", Duration.ofSeconds(20),
                        () -> firstRun + session.counters().get(Counter.ACCEPTED) >= produced && feed.missing() == 0);
                } finally {
                    feed.close();
                }
                session.close();
                secondRun = session.counters().get(Counter.ACCEPTED);
            }
            SimSummary summary = sim.summary();
            VerifyReport journal = verify();
            assertThat(journal.consistent()).as("journal problems: %s", journal.problems()).isTrue();
            assertThat(firstRun + secondRun).isEqualTo(summary.trades());
            for (Map.Entry<String, SimSummary.SymbolSummary> e : summary.symbols().entrySet()) {
                assertThat(journal.instruments().get(e.getKey()).count()).isEqualTo(e.getValue().distinctTrades());
                assertThat(journal.instruments().get(e.getKey()).missingOpen()).isZero();
            }
            assertThat(feed.stats().backfilled()).as("trades produced while the feed was down, fetched over REST").isPositive();
        }
    }
}
