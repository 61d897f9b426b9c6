package dev.k2.bench;

import dev.k2.config.K2Config;
import dev.k2.config.K2Settings;
import dev.k2.engine.dedup.StreamTable;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.ring.EngineSettings;
import dev.k2.engine.ring.TickPipeline;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.time.EpochClock;
import dev.k2.feeds.binary.BinaryFeedSettings;
import dev.k2.feeds.binary.BinaryTcpFeed;
import dev.k2.feeds.live.FeedContext;
import dev.k2.feeds.sim.binary.BinarySimSettings;
import dev.k2.feeds.sim.binary.BinarySimulator;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.deadletter.DeadLetterJournal;
import dev.k2.persistence.journal.ChronicleJournalSink;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.agrona.collections.IntHashSet;

/**
 * End-to-end latency of the binary feed, without coordinated omission: the simulator plans tick n
 * for {@code start + n / rate} and stamps that planned time as the exchange time; the latency is the
 * moment the journal flush containing the tick returns minus that planned time, so a stalled sender,
 * a paused socket or a slow journal all show up in the numbers. Offered at a fixed rate over
 * loopback into the real pipeline and Chronicle journal ({@link LatencyRecordingSink} wraps it).
 *
 * <p>Next to it, in the same run, the platform's own stall baseline: a thread that sleeps 1 ms over
 * and over and records how late it wakes. No latency here can be better than what that shows.
 *
 * <pre>java @jvm.options -cp bench/target/benchmarks.jar dev.k2.bench.BinaryFeedLatency [rate] [seconds] [warmupSeconds] [waitStrategy]</pre>
 */
public final class BinaryFeedLatency {
    private BinaryFeedLatency() {
    }

    public static void main(String[] args) throws InterruptedException {
        long rate = args.length > 0 ? Long.parseLong(args[0]) : 50_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String waitStrategy = args.length > 3 ? args[3] : K2Settings.WAIT_STRATEGY.defaultText();
        long count = rate * (seconds + warmupSeconds);
        Path dir = TempDirectory.create("k2-bench-latency");
        EpochClock clock = EpochClock.system();
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Histogram stalls = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicBoolean measuring = new AtomicBoolean(true);
        Thread stallMeter = new Thread(() -> {
            while (measuring.get()) {
                long planned = System.nanoTime() + 1_000_000;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
                stalls.recordValue(Math.max(0, System.nanoTime() - planned));
            }
        }, "k2-stall-meter");
        try {
            K2Config config = K2Config.load(null, Map.of("data.dir", dir.toString(), "engine.waitStrategy", waitStrategy));
            EngineSettings settings = EngineSettings.from(config);
            DataDirectory data = new DataDirectory(dir);
            InstrumentRegistry registry = new InstrumentRegistry();
            EngineCounters counters = new EngineCounters();
            try (BinarySimulator sim = new BinarySimulator(BinarySimSettings.of(0, 0, rate, count).withClock(clock)).start()) {
                long recordFromNs = clock.epochNanos() + TimeUnit.SECONDS.toNanos(warmupSeconds);
                LatencyRecordingSink sink = new LatencyRecordingSink(new ChronicleJournalSink(data.journal(),
                    config.get(K2Settings.ROLL_CYCLE), config.get(K2Settings.JOURNAL_BATCH), registry, new IntHashSet()),
                    clock, latency, recordFromNs);
                TickPipeline pipeline = new TickPipeline(settings, sink,
                    new StreamTable(settings.sequenceRules(), settings.dedupWindow()), counters);
                FeedContext context = new FeedContext(registry, pipeline.ingress(),
                    () -> new DeadLetterJournal(data.deadLetters(), config.get(K2Settings.ROLL_CYCLE), clock), counters, clock);
                BinaryTcpFeed feed = new BinaryTcpFeed(
                    BinaryFeedSettings.of("127.0.0.1", sim.livePort(), "127.0.0.1", sim.retransmitPort()), context);
                stallMeter.start();
                feed.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + warmupSeconds + 60);
                try {
                    while (counters.get(Counter.ACCEPTED) < count && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                } finally {
                    feed.close();
                    measuring.set(false);
                    stallMeter.join();
                    pipeline.close();
                }
                if (counters.get(Counter.ACCEPTED) != count) {
                    throw new IllegalStateException("only " + counters.get(Counter.ACCEPTED) + " of " + count + " ticks journaled");
                }
                System.out.printf("binary feed, loopback -> engine (%s, %s) -> Chronicle journal flush: %,d ticks/s offered "
                        + "for %d s after %d s warm-up, %,d ticks recorded; %s%n", settings.threading(), waitStrategy,
                    rate, seconds, warmupSeconds, sink.recorded(), feed.stats());
                print("latency from planned send time to journaled", latency);
                print("platform stall baseline (1 ms sleep, lateness)", stalls);
            }
        } finally {
            TempDirectory.delete(dir);
        }
    }

    private static void print(String what, Histogram h) {
        System.out.printf("%-48s p50 %8.1f us   p99 %8.1f us   p99.9 %8.1f us   max %9.1f us   (n=%,d)%n", what,
            h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3,
            h.getMaxValue() / 1e3, h.getTotalCount());
    }
}
