package dev.k2.bench;

import dev.k2.config.K2Config;
import dev.k2.engine.stats.Counter;
import dev.k2.feeds.binary.BinaryFeedSettings;
import dev.k2.feeds.binary.BinaryTcpFeed;
import dev.k2.feeds.sim.binary.BinarySimSettings;
import dev.k2.feeds.sim.binary.BinarySimulator;
import dev.k2.feeds.sim.binary.SimSummary;
import dev.k2.tools.runtime.EngineSession;
import java.nio.file.Path;
import java.util.Map;

/**
 * Binary feed over loopback to the journal, sustained: the simulator streams {@code ticks} ticks as
 * fast as the feed reads them (rate max) into a real engine session (ring, dedup, sequence check,
 * Chronicle journal) on a fresh data directory. Each round reports ticks/s from the first logon to
 * the last tick journaled, and over the second half of the run (steady state, warm JIT), and checks
 * that every tick produced was journaled exactly once. Rounds after the first are warm.
 *
 * <pre>java @jvm.options -cp bench/target/benchmarks.jar dev.k2.bench.BinaryFeedThroughput [ticks] [rounds] [threading]</pre>
 */
public final class BinaryFeedThroughput {
    private BinaryFeedThroughput() {
    }

    public static void main(String[] args) throws InterruptedException {
        long ticks = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String threading = args.length > 2 ? args[2] : "fused";
        for (int round = 1; round <= rounds; round++) {
            run(round, ticks, threading);
        }
    }

    private static void run(int round, long ticks, String threading) throws InterruptedException {
        Path dir = TempDirectory.create("k2-bench-binary");
        try (BinarySimulator sim = new BinarySimulator(BinarySimSettings.of(0, 0, 0, ticks)).start()) {
            EngineSession engine = EngineSession.open(K2Config.load(null, Map.of("data.dir", dir.toString(),
                "engine.threading", threading)));
            BinaryTcpFeed feed = null;
            long start = System.nanoTime();
            long halfAt = 0;
            try {
                feed = new BinaryTcpFeed(
                    BinaryFeedSettings.of("127.0.0.1", sim.livePort(), "127.0.0.1", sim.retransmitPort()), engine.feedContext());
                feed.start();
                while (engine.counters().get(Counter.ACCEPTED) < ticks) {
                    if (halfAt == 0 && engine.counters().get(Counter.ACCEPTED) >= ticks / 2) {
                        halfAt = System.nanoTime();
                    }
                    if (System.nanoTime() - start > 300_000_000_000L) {
                        throw new IllegalStateException("only " + engine.counters().get(Counter.ACCEPTED) + " of " + ticks
                            + " ticks journaled after 5 minutes");
                    }
                    Thread.sleep(1);
                }
            } finally {
                if (feed != null) {
                    feed.close();
                }
                engine.close();
            }
            long end = System.nanoTime();
            SimSummary produced = sim.summary();
            long accepted = engine.counters().get(Counter.ACCEPTED);
            if (accepted != produced.ticks() || engine.counters().get(Counter.DUPLICATES) != 0
                || engine.counters().get(Counter.GAPS) != 0) {
                throw new IllegalStateException("accounting failed: produced " + produced.ticks() + ", accepted " + accepted
                    + ", duplicates " + engine.counters().get(Counter.DUPLICATES) + ", gaps "
                    + engine.counters().get(Counter.GAPS));
            }
            System.out.printf("round %d (%s): %,d ticks journaled in %.2f s: %,.0f ticks/s overall, %,.0f ticks/s "
                    + "over the second half; %s%n", round, threading, accepted, (end - start) / 1e9,
                accepted * 1e9 / (end - start), (ticks - ticks / 2) * 1e9 / (end - halfAt), feed.stats());
        } finally {
            TempDirectory.delete(dir);
        }
    }
}
