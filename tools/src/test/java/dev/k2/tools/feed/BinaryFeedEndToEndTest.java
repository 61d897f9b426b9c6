package dev.k2.tools.feed;

import static dev.k2.tools.CommandLineRun.k2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.config.K2Config;
import dev.k2.engine.sequence.SequenceRules;
import dev.k2.engine.stats.Counter;
import dev.k2.feeds.binary.BinaryFeedSettings;
import dev.k2.feeds.binary.BinaryTcpFeed;
import dev.k2.feeds.live.FeedStats;
import dev.k2.feeds.sim.binary.BinarySimSettings;
import dev.k2.feeds.sim.binary.BinarySimulator;
import dev.k2.feeds.sim.binary.FaultPlan;
import dev.k2.feeds.sim.binary.SimSummary;
import dev.k2.persistence.DataDirectory;
import dev.k2.tools.CommandLineRun;
import dev.k2.tools.runtime.EngineSession;
import dev.k2.tools.verify.InstrumentReport;
import dev.k2.tools.verify.JournalVerifier;
import dev.k2.tools.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary feed against the simulator over loopback, into a real engine and journal, with exact
 * accounting: every tick the simulator produced is journaled exactly once, no gap is left open, and
 * every malformed frame it sent is one dead letter.
 */
@Timeout(120)
class BinaryFeedEndToEndTest {
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    private K2Config config(String... settings) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("data.dir", dir.resolve("data").toString());
        for (int i = 0; i < settings.length; i += 2) {
            map.put(settings[i], settings[i + 1]);
        }
        return K2Config.load(null, map);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE_NS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** One feed run on the engine until it has accepted {@code accepted} ticks (and the simulator is done). */
    private static FeedStats runFeed(EngineSession engine, BinarySimulator sim, long accepted) {
        BinaryTcpFeed feed = new BinaryTcpFeed(
            BinaryFeedSettings.of("127.0.0.1", sim.livePort(), "127.0.0.1", sim.retransmitPort()), engine.feedContext());
        try {
            feed.start();
            await(accepted + " ticks are accepted", () -> sim.finished() && engine.counters().get(Counter.ACCEPTED) >= accepted);
        } finally {
            feed.close();
        }
        return feed.stats();
    }

    private VerifyReport verify() {
        return JournalVerifier.verify(new DataDirectory(dir.resolve("data")).journal(), SequenceRules.defaults(), 65_536);
    }

    private static void assertExactlyOnceWithoutGaps(VerifyReport report, SimSummary produced) {
        assertThat(report.problems()).as("journal problems").isEmpty();
        assertThat(report.consistent()).isTrue();
        assertThat(report.ticks()).as("ticks journaled = distinct ticks produced").isEqualTo(produced.ticks());
        assertThat(report.instruments().values()).extracting(InstrumentReport::missingOpen).containsOnly(0L);
        long perChannel = produced.channels().values().stream().mapToLong(SimSummary.ChannelSummary::ticks).sum();
        assertThat(perChannel).isEqualTo(produced.ticks());
    }

    @Test
    void everyProducedTickIsJournaledOnceWithSkippedNumbersFilledAndMalformedFramesDeadLettered() {
        BinarySimSettings settings = BinarySimSettings.of(0, 0, 0, 30_000)
            .withFaults(FaultPlan.parse("skip:500,malformed:2000"));
        try (BinarySimulator sim = new BinarySimulator(settings).start()) {
            FeedStats stats;
            EngineSession engine = EngineSession.open(config());
            try {
                stats = runFeed(engine, sim, 30_000);
            } finally {
                engine.close();
            }
            long deadLetters = engine.counters().get(Counter.DEAD_LETTERS);
            assertThat(engine.counters().get(Counter.DUPLICATES)).isZero();
            SimSummary produced = sim.summary();
            assertThat(produced.skipped()).isPositive();
            assertThat(produced.malformedSent()).isEqualTo(15);
            assertExactlyOnceWithoutGaps(verify(), produced);
            assertThat(stats.backfilled()).isEqualTo(produced.skipped());
            assertThat(stats.gapsUnfilled()).isZero();
            assertThat(stats.malformed()).isEqualTo(produced.malformedSent());
            assertThat(deadLetters).isEqualTo(produced.malformedSent());

            CommandLineRun verify = k2("verify", "--json", "--data-dir", dir.resolve("data").toString());
            assertThat(verify.exitCode()).as(verify.err()).isZero();
            assertThat(verify.number("deadLetters")).isEqualTo(produced.malformedSent());
            assertThat(verify.number("ticks")).isEqualTo(30_000);
        }
    }

    @Test
    void connectionDropsAndBrokenFramingMidStreamLoseNothing() {
        BinarySimSettings settings = BinarySimSettings.of(0, 0, 40_000, 40_000)
            .withFaults(FaultPlan.parse("drop:9000,bad-frame:13000,skip:3000"));
        try (BinarySimulator sim = new BinarySimulator(settings).start()) {
            FeedStats stats;
            EngineSession engine = EngineSession.open(config());
            try {
                stats = runFeed(engine, sim, 40_000);
            } finally {
                engine.close();
            }
            assertThat(engine.counters().get(Counter.DEAD_LETTERS)).isEqualTo(3);
            SimSummary produced = sim.summary();
            assertThat(produced.drops()).isPositive();
            assertThat(stats.reconnects()).isGreaterThanOrEqualTo(produced.drops() + 1);
            assertThat(stats.malformed()).as("one dead letter per broken frame").isEqualTo(produced.malformedSent());
            assertThat(stats.backfilled()).isPositive();
            assertThat(stats.gapsUnfilled()).isZero();
            assertExactlyOnceWithoutGaps(verify(), produced);
        }
    }

    @Test
    void aRestartedFeedCatchesUpOnTheSameDataDirectoryWithoutDuplicates() {
        BinarySimSettings settings = BinarySimSettings.of(0, 0, 20_000, 20_000).withFaults(FaultPlan.parse("skip:1000"));
        try (BinarySimulator sim = new BinarySimulator(settings).start()) {
            EngineSession first = EngineSession.open(config());
            try {
                BinaryTcpFeed feed = new BinaryTcpFeed(
                    BinaryFeedSettings.of("127.0.0.1", sim.livePort(), "127.0.0.1", sim.retransmitPort()),
                    first.feedContext());
                try {
                    feed.start();
                    await("5000 ticks are accepted", () -> first.counters().get(Counter.ACCEPTED) >= 5_000);
                } finally {
                    feed.close();
                }
            } finally {
                first.close();
            }
            long firstRun = first.counters().get(Counter.ACCEPTED);
            assertThat(firstRun).isLessThan(20_000);
            EngineSession second = EngineSession.open(config());
            try {
                runFeed(second, sim, 20_000 - firstRun);
            } finally {
                second.close();
            }
            assertThat(second.counters().get(Counter.ACCEPTED)).isEqualTo(20_000 - firstRun);
            long duplicates = second.counters().get(Counter.DUPLICATES);
            assertThat(duplicates).as("the catch-up re-reads what the first run journaled; dedup drops it").isPositive();
            assertExactlyOnceWithoutGaps(verify(), sim.summary());
        }
    }

    @Test
    void aTinyRingPushesBackOnTheSocketAndDropsNothing() {
        BinarySimSettings settings = BinarySimSettings.of(0, 0, 0, 60_000).withFaults(FaultPlan.parse("skip:5000"));
        try (BinarySimulator sim = new BinarySimulator(settings).start()) {
            FeedStats stats;
            EngineSession engine = EngineSession.open(config("engine.ringSize", "64"));
            try {
                stats = runFeed(engine, sim, 60_000);
            } finally {
                engine.close();
            }
            assertThat(stats.gapsUnfilled()).isZero();
            assertExactlyOnceWithoutGaps(verify(), sim.summary());
        }
    }

    @Test
    void feedCommandJournalsTheSimulatorsTicksAndPrintsReconnectsAndBackfill() {
        BinarySimSettings settings = BinarySimSettings.of(0, 0, 0, 20_000).withFaults(FaultPlan.parse("skip:700,malformed:5000"));
        try (BinarySimulator sim = new BinarySimulator(settings).start()) {
            CommandLineRun feed = k2("feed", "binary", "--url", "tcp://127.0.0.1:" + sim.livePort(),
                "--retransmit-url", "tcp://127.0.0.1:" + sim.retransmitPort(), "--duration", "4s", "--json",
                "--data-dir", dir.resolve("data").toString());
            assertThat(feed.exitCode()).as(feed.err()).isZero();
            SimSummary produced = sim.summary();
            assertThat(produced.finished()).isTrue();
            assertThat(feed.number("accepted")).isEqualTo(produced.ticks());
            assertThat(feed.number("backfilled")).isEqualTo(produced.skipped());
            assertThat(feed.number("deadLetters")).isEqualTo(produced.malformedSent());
            assertThat(feed.number("connects")).isEqualTo(1);
            assertThat(feed.number("reconnects")).isZero();
            assertThat(feed.number("gapsUnfilled")).isZero();
            assertExactlyOnceWithoutGaps(verify(), produced);
        }
    }

    @Test
    void simCommandServesForItsDurationAndWritesItsSummary() throws IOException {
        Path summary = dir.resolve("sim.json");
        CommandLineRun sim = k2("sim", "binary", "--port", "0", "--count", "10", "--duration", "200ms", "--linger", "0s",
            "--summary-file", summary.toString());
        assertThat(sim.exitCode()).as(sim.err()).isZero();
        assertThat(sim.err()).contains("live tcp://127.0.0.1:");
        assertThat(Files.readString(summary)).contains("\"ticks\":0").contains("\"channels\":{\"1\":");
    }

    @Test
    void commandsExplainThemselvesAndRejectBadOptionsNamingTheFix() {
        CommandLineRun feedHelp = k2("feed", "binary", "--help");
        assertThat(feedHelp.exitCode()).isZero();
        assertThat(feedHelp.out()).contains("--url").contains("--retransmit-url").contains("--duration").contains("--data-dir");
        CommandLineRun simHelp = k2("sim", "binary", "--help");
        assertThat(simHelp.exitCode()).isZero();
        assertThat(simHelp.out()).contains("--rate").contains("--faults").contains("--summary-file");

        CommandLineRun badUrl = k2("feed", "binary", "--url", "http://127.0.0.1:1", "--data-dir", dir.toString());
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.err()).contains("use tcp://HOST:PORT");
        CommandLineRun badFault = k2("sim", "binary", "--port", "0", "--faults", "explode");
        assertThat(badFault.exitCode()).isEqualTo(2);
        assertThat(badFault.err()).contains("unknown fault 'explode'").contains("skip, drop, malformed, bad-frame");
        CommandLineRun badRate = k2("sim", "binary", "--port", "0", "--rate", "fast");
        assertThat(badRate.exitCode()).isEqualTo(2);
        assertThat(badRate.err()).contains("--rate 'fast'");
    }
}
