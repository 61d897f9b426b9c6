package dev.k2.bench;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.sequence.SequenceClass;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.time.EpochClock;
import dev.k2.feeds.synthetic.TickGenerator;
import dev.k2.persistence.journal.JournalRecord;
import dev.k2.persistence.journal.Queues;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
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
 * The ceiling for the pipeline: the same encoded tick record appended straight to Chronicle Queue
 * on one thread, no ring, no stages. {@link #tickPerExcerpt} writes one excerpt per tick;
 * {@link #batchOf64PerExcerpt} packs 64 records per excerpt as the journal stage does (one op is
 * still one tick), which shows what per-excerpt overhead costs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RawJournalBenchmark {
    private static final int BATCH = 64;

    private Path dir;
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private final byte[] record = new byte[JournalRecord.TICK_MAX_LENGTH];
    private int recordLength;
    private final byte[] batch = new byte[JournalRecord.EXCERPT_HEADER_LENGTH + BATCH * JournalRecord.TICK_MAX_LENGTH];
    private int batchLength;

    @Setup(Level.Trial)
    public void open() {
        dir = TempDirectory.create("k2-bench-raw");
        queue = Queues.openForWrite(dir, "FAST_HOURLY");
        appender = queue.createAppender();
        TickEvent tick = new TickEvent().clear();
        new TickGenerator(new InstrumentRegistry(), 16, 7, EpochClock.system()).next(tick);
        tick.sequenceClass = SequenceClass.IN_ORDER;
        recordLength = JournalRecord.encodeTick(new UnsafeBuffer(record), 0, tick);
        UnsafeBuffer batchBuffer = new UnsafeBuffer(batch);
        batchBuffer.putShort(JournalRecord.EXCERPT_VERSION_OFFSET, (short) JournalRecord.VERSION, ByteOrder.LITTLE_ENDIAN);
        batchBuffer.putShort(JournalRecord.EXCERPT_COUNT_OFFSET, (short) BATCH, ByteOrder.LITTLE_ENDIAN);
        batchLength = JournalRecord.EXCERPT_HEADER_LENGTH;
        for (int i = 0; i < BATCH; i++) {
            batchBuffer.putBytes(batchLength, record, 0, recordLength);
            batchLength += recordLength;
        }
    }

    @Benchmark
    public void tickPerExcerpt() {
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(record, 0, recordLength);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void batchOf64PerExcerpt() {
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(batch, 0, batchLength);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        appender.close();
        queue.close();
        TempDirectory.delete(dir);
    }
}
