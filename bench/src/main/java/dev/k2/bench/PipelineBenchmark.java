package dev.k2.bench;

import dev.k2.config.K2Config;
import dev.k2.config.K2Settings;
import dev.k2.engine.dedup.StreamTable;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.ring.EngineSettings;
import dev.k2.engine.ring.ThreadingMode;
import dev.k2.engine.ring.TickIngress;
import dev.k2.engine.ring.TickPipeline;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.time.EpochClock;
import dev.k2.feeds.synthetic.TickGenerator;
import dev.k2.persistence.journal.ChronicleJournalSink;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agrona.collections.IntHashSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ticks published in-process through the whole engine: ring → dedup → sequence check → journal
 * (Chronicle Queue on local disk). One op = one tick claimed, filled from {@link TickGenerator} and
 * published; the ring is bounded, so in steady state the producer runs at the rate the stages drain
 * it. One method per threading mode; compare with {@link RawJournalBenchmark} in the same run.
 * After each trial, checks every published tick was journaled (a benchmark that loses ticks is wrong).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineBenchmark {

    /** The engine over a fresh journal, in one threading mode. */
    @State(Scope.Benchmark)
    public abstract static class Engine {
        /** {@code engine.waitStrategy}: the default, and the one that signals only sleeping stages. */
        @Param({"blocking", "lite-blocking"})
        public String waitStrategy;

        /** {@code journal.batchRecords}: records per Chronicle excerpt. */
        @Param({"64"})
        public int batchRecords;

        Path dir;
        TickPipeline pipeline;
        TickIngress ingress;
        TickGenerator generator;
        EngineCounters counters;
        long published;

        abstract ThreadingMode mode();

        @Setup(Level.Trial)
        public void start() {
            dir = TempDirectory.create("k2-bench-pipeline");
            K2Config config = K2Config.load(null, Map.of(
                "engine.waitStrategy", waitStrategy,
                "journal.batchRecords", Integer.toString(batchRecords),
                "engine.threading", mode() == ThreadingMode.FUSED ? "fused" : "per-stage",
                "engine.producer", "single"));
            EngineSettings settings = EngineSettings.from(config);
            InstrumentRegistry registry = new InstrumentRegistry();
            counters = new EngineCounters();
            generator = new TickGenerator(registry, 16, 7, EpochClock.system());
            pipeline = new TickPipeline(settings,
                new ChronicleJournalSink(dir, config.get(K2Settings.ROLL_CYCLE), config.get(K2Settings.JOURNAL_BATCH),
                    registry, new IntHashSet()),
                new StreamTable(settings.sequenceRules(), settings.dedupWindow()), counters);
            ingress = pipeline.ingress();
        }

        final void publishOne() {
            long sequence = ingress.claim();
            generator.next(ingress.slot(sequence));
            ingress.publish(sequence);
            published++;
        }

        @TearDown(Level.Trial)
        public void stop() {
            pipeline.close();
            long journaled = counters.get(Counter.ACCEPTED);
            TempDirectory.delete(dir);
            if (journaled != published) {
                throw new IllegalStateException("published " + published + " ticks but journaled " + journaled);
            }
        }
    }

    @State(Scope.Benchmark)
    public static class FusedEngine extends Engine {
        @Override
        ThreadingMode mode() {
            return ThreadingMode.FUSED;
        }
    }

    @State(Scope.Benchmark)
    public static class PerStageEngine extends Engine {
        @Override
        ThreadingMode mode() {
            return ThreadingMode.PER_STAGE;
        }
    }

    @Benchmark
    public void fused(FusedEngine engine) {
        engine.publishOne();
    }

    @Benchmark
    public void perStage(PerStageEngine engine) {
        engine.publishOne();
    }
}
