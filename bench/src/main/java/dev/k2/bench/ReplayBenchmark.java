package dev.k2.bench;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.sequence.SequenceClass;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.time.EpochClock;
import dev.k2.feeds.synthetic.TickGenerator;
import dev.k2.persistence.journal.ChronicleJournalSink;
import dev.k2.tools.replay.ReplaySink;
import dev.k2.tools.replay.ReplaySpeed;
import dev.k2.tools.replay.Replayer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.collections.IntHashSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code k2 replay --sink null} does, in steady state: read a journal of {@value #TICKS} ticks
 * in 64-record excerpts, decode every record, filter, hash. One op = one tick replayed. Checks the
 * whole journal came back each time.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ReplayBenchmark {
    static final int TICKS = 1_000_000;

    private Path dir;

    @Setup(Level.Trial)
    public void writeJournal() {
        dir = TempDirectory.create("k2-bench-replay");
        InstrumentRegistry registry = new InstrumentRegistry();
        TickGenerator generator = new TickGenerator(registry, 16, 3, EpochClock.system());
        ChronicleJournalSink sink = new ChronicleJournalSink(dir, "FAST_HOURLY", 64, registry, new IntHashSet());
        sink.open();
        TickEvent tick = new TickEvent().clear();
        for (int i = 0; i < TICKS; i++) {
            generator.next(tick);
            tick.sequenceClass = SequenceClass.IN_ORDER;
            sink.appendTick(tick);
        }
        sink.close();
    }

    @Benchmark
    @OperationsPerInvocation(TICKS)
    public String replayToNullSink() {
        Replayer.Result result = Replayer.replay(dir, Replayer.Selection.all(), ReplaySpeed.MAX, new ReplaySink.NullSink(),
            null);
        if (result.ticks() != TICKS) {
            throw new IllegalStateException("replayed " + result.ticks() + " of " + TICKS + " ticks");
        }
        return result.hash();
    }

    @TearDown(Level.Trial)
    public void delete() {
        TempDirectory.delete(dir);
    }
}
