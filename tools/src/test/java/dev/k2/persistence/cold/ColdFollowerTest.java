package dev.k2.persistence.cold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.config.K2Config;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.feeds.synthetic.SyntheticMarket;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.journal.JournalReader;
import dev.k2.tools.cli.ColdTables;
import dev.k2.tools.runtime.EngineSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follow mode against a journal that an engine is appending to, in the same process: the tables
 * reach exactly the journal's ticks and the lag goes to 0; failing commits are retried behind the
 * breaker without loss or duplicates. Every wait polls a condition with a deadline.
 */
@Timeout(180)
class ColdFollowerTest {
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(90);

    @TempDir
    Path dataDir;

    private K2Config config() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("data.dir", dataDir.toString());
        settings.put("cold.batchAgeMs", "200");
        settings.put("cold.batchRows", "20000");
        return K2Config.load(null, settings);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE_NS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private long journalLastIndex() {
        try (JournalReader reader = new JournalReader(new DataDirectory(dataDir).journal(), new InstrumentRegistry())) {
            return reader.lastIndex();
        }
    }

    /** Runs the synthetic market into a live engine while {@code follower} tails the journal, then closes the engine. */
    private SyntheticMarket.Summary publish(int instruments, long ticks, long seed, double gapRate) {
        EngineSession engine = EngineSession.open(config());
        try {
            return new SyntheticMarket(new SyntheticMarket.Options(instruments, ticks, seed, 0.001, gapRate))
                .run(engine.registry(), engine.ingress(), engine.clock());
        } finally {
            engine.close();
        }
    }

    private ColdFollower follower(ColdWriter.Committer committer, CommitRetry retry) {
        DataDirectory dir = new DataDirectory(dataDir);
        return new ColdFollower(new ColdWriter(dir, ColdSettings.from(config(), dir), ParquetEncoder.COLUMNAR, committer),
            retry);
    }

    private void awaitCaughtUp(ColdFollower follower) {
        long last = journalLastIndex();
        await("the writer has committed up to the journal's last excerpt " + Watermark.hex(last) + " (lag " + follower.lag() + ")",
            () -> follower.lag().watermark() == last && follower.lag().recordsBehind() == 0);
    }

    @Test
    void followModeBringsTheTablesToExactlyTheJournalsTicksWhileTheEngineAppends() {
        EngineSession.open(config()).close(); // the journal exists before the writer starts tailing it
        try (ColdFollower follower = follower(ColdWriter.ICEBERG_APPEND, CommitRetry.DEFAULT).start()) {
            publish(4, 150_000, 11, 0);
            awaitCaughtUp(follower);
            ColdLag lag = follower.lag();
            assertThat(lag.excerptsBehind()).isZero();
            assertThat(lag.lagNs()).isZero();
            assertThat(lag.breaker()).isEqualTo(CircuitBreaker.State.CLOSED);

            int firstRun = ColdTables.journalKeys(dataDir).size();
            // a second engine run with two more instruments (the first four's sequences are duplicates now)
            publish(6, 60_000, 12, 0);
            assertThat(ColdTables.journalKeys(dataDir).size()).isGreaterThan(firstRun);
            awaitCaughtUp(follower);
            SyncResult result = follower.stop();
            assertThat(result.batches()).isGreaterThan(1);
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals(ColdFollower.ROLE));
        }
        List<String> journal = ColdTables.journalKeys(dataDir);
        try (ColdCatalog catalog = ColdTables.catalog(dataDir)) {
            ColdTables.assertSameTicks(ColdTables.tableKeys(catalog), journal);
            ColdStats stats = ColdStats.read(catalog, new DataDirectory(dataDir).journal());
            assertThat(stats.lagExcerpts()).isZero();
            assertThat(stats.lagRecords()).isZero();
            assertThat(stats.lagNs()).isZero();
        }
    }

    @Test
    void gapMarkersOfAGappyMarketLandInTheGapsTableExactlyOnceBesideTheTicks() {
        EngineSession.open(config()).close();
        try (ColdFollower follower = follower(ColdWriter.ICEBERG_APPEND, CommitRetry.DEFAULT).start()) {
            SyntheticMarket.Summary first = publish(4, 60_000, 41, 0.01);
            awaitCaughtUp(follower);
            assertThat(first.gapsOpened()).isPositive();
            assertThat(ColdTables.journalGaps(dataDir)).hasSize((int) first.gapsOpened());
        }
        int firstRunGaps = ColdTables.journalGaps(dataDir).size();
        // a restarted writer resumes after the gaps table's watermark: the first run's gaps are not written again
        try (ColdFollower follower = follower(ColdWriter.ICEBERG_APPEND, CommitRetry.DEFAULT).start()) {
            publish(6, 30_000, 42, 0.01); // two new instruments open new gaps; the first four's ticks are duplicates now
            awaitCaughtUp(follower);
        }
        List<String> journalGaps = ColdTables.journalGaps(dataDir);
        assertThat(journalGaps).hasSizeGreaterThan(firstRunGaps);
        try (ColdCatalog catalog = ColdTables.catalog(dataDir)) {
            assertThat(ColdTables.tableGaps(catalog)).isEqualTo(journalGaps);
            ColdTables.assertSameTicks(ColdTables.tableKeys(catalog), ColdTables.journalKeys(dataDir));
            ColdStats stats = ColdStats.read(catalog, new DataDirectory(dataDir).journal());
            assertThat(stats.gaps().rows()).isEqualTo(journalGaps.size());
            assertThat(stats.gaps().lagTicks()).isZero();
            assertThat(stats.gaps().watermark()).isEqualTo(stats.watermark());

            try (ColdMaintenance maintenance = new ColdMaintenance(catalog, new DataDirectory(dataDir).cold())) {
                ColdMaintenance.TableResult result = maintenance.runGaps(Duration.ZERO, Duration.ZERO);
                assertThat(result.snapshotsExpired()).isPositive();
            }
            assertThat(ColdTables.tableGaps(catalog)).isEqualTo(journalGaps);
            assertThat(Watermark.current(catalog.existingGaps())).isEqualTo(stats.watermark());
        }
    }

    @Test
    void failingCommitsAreRetriedBehindTheBreakerAndNothingIsLostOrDuplicated() {
        EngineSession.open(config()).close();
        AtomicInteger failuresLeft = new AtomicInteger(3);
        AtomicInteger attempts = new AtomicInteger();
        ColdWriter.Committer flaky = (table, files, lastIndex) -> {
            attempts.incrementAndGet();
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("catalog unreachable (injected)");
            }
            ColdWriter.ICEBERG_APPEND.commit(table, files, lastIndex);
        };
        // the breaker opens after 2 consecutive failures; its half-open probe fails once more and opens it again
        CommitRetry retry = new CommitRetry(1, 4, 2, 300);
        try (ColdFollower follower = follower(flaky, retry).start()) {
            publish(4, 30_000, 21, 0.005);
            await("the breaker is open", () -> follower.lag().breaker() == CircuitBreaker.State.OPEN);
            assertThat(follower.lag().lastError()).contains("catalog unreachable (injected)");
            assertThat(follower.lag().recordsBehind()).isPositive();
            awaitCaughtUp(follower);
            assertThat(follower.lag().breaker()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(follower.breakerOpens()).isEqualTo(2);
            assertThat(attempts.get()).isGreaterThan(3);
        }
        try (ColdCatalog catalog = ColdTables.catalog(dataDir)) {
            ColdTables.assertSameTicks(ColdTables.tableKeys(catalog), ColdTables.journalKeys(dataDir));
            assertThat(ColdTables.tableGaps(catalog)).isEqualTo(ColdTables.journalGaps(dataDir)).isNotEmpty();
        }
    }

    @Test
    void stoppingWhileCommitsFailSaysTheJournalKeepsTheDataAndTheNextWriterCatchesUp() {
        EngineSession.open(config()).close();
        publish(4, 5_000, 31, 0);
        ColdWriter.Committer down = (table, files, lastIndex) -> {
            throw new IllegalStateException("disk full (injected)");
        };
        ColdFollower failing = follower(down, new CommitRetry(1, 2, 1, 60_000)).start();
        await("the breaker is open", () -> failing.lag().breaker() == CircuitBreaker.State.OPEN);
        try {
            failing.stop();
            throw new AssertionError("stop should report the uncommitted batch");
        } catch (IllegalStateException e) {
            assertThat(e.getMessage()).contains("nothing is lost", "run k2 cold sync");
        } finally {
            failing.close();
        }
        try (ColdFollower follower = follower(ColdWriter.ICEBERG_APPEND, CommitRetry.DEFAULT).start()) {
            awaitCaughtUp(follower);
        }
        try (ColdCatalog catalog = ColdTables.catalog(dataDir)) {
            ColdTables.assertSameTicks(ColdTables.tableKeys(catalog), ColdTables.journalKeys(dataDir));
        }
    }
}
