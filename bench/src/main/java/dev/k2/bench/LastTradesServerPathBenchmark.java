package dev.k2.bench;

import dev.k2.bench.query.DataLoader;
import dev.k2.bench.query.TickTape;
import dev.k2.feeds.synthetic.TickGenerator;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.query.api.Query;
import dev.k2.query.engine.HybridQueryService;
import dev.k2.query.hot.HotSettings;
import dev.k2.query.protocol.BatchEncoder;
import dev.k2.query.server.ServerSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The query server's work for one "last 100 trades" answer, without the sockets: the hot store picks
 * the instrument's newest 100 trades and the connection's {@link BatchEncoder} writes them as SBE
 * frames (what {@code ConnectionHandler} does on its I/O thread before the write). One op = one
 * answer of {@value #LAST_N} rows; checks each answer has them all.
 *
 * <p>The data: {@value #TICKS} synthetic ticks over 16 symbols, journaled and held by the hot store
 * (no cold sync: the answer never touches DuckDB either way).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class LastTradesServerPathBenchmark {
    static final int TICKS = 200_000;
    static final int LAST_N = 100;

    private final Consumer<ByteBuf> frames = ByteBuf::release;
    private Path root;
    private HybridQueryService engine;
    private BatchEncoder encoder;
    private Query.LastTrades query;
    private long requestId;

    @Setup(Level.Trial)
    public void load() throws InterruptedException {
        root = TempDirectory.create("k2-bench-server-path");
        DataDirectory dir = new DataDirectory(root.resolve("data"));
        DataLoader.writeSynthetic(dir, TICKS, 16, new TickTape(TickGenerator.VENUE));
        engine = new HybridQueryService(dir, ColdSettings.embedded(dir), HotSettings.defaults(), 2);
        if (!engine.awaitCaughtUp(TimeUnit.SECONDS.toNanos(60))) {
            throw new IllegalStateException("the hot store did not catch up with the journal in 60 s");
        }
        encoder = new BatchEncoder(ServerSettings.defaults().batchBytes());
        query = new Query.LastTrades(TickGenerator.VENUE, TickGenerator.symbol(0), LAST_N);
    }

    @Benchmark
    public long lastTradesEncoded() {
        int rows = engine.lastTradesFromMemory(query, encoder.beginTrades(PooledByteBufAllocator.DEFAULT, ++requestId, frames));
        long encoded = encoder.endTrades();
        if (rows != LAST_N || encoded != LAST_N) {
            throw new IllegalStateException("expected " + LAST_N + " trades from memory, got " + rows + " (" + encoded + " encoded)");
        }
        return encoded;
    }

    @TearDown(Level.Trial)
    public void close() {
        engine.close();
        TempDirectory.delete(root);
    }
}
