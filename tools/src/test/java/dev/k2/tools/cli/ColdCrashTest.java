package dev.k2.tools.cli;

import static dev.k2.tools.CommandLineRun.k2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.feeds.support.SharedData;
import dev.k2.persistence.cold.ColdCatalog;
import dev.k2.persistence.cold.ColdTable;
import dev.k2.persistence.cold.PausePoint;
import dev.k2.tools.CommandLineRun;
import dev.k2.tools.K2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with real processes (issue 4): {@code k2 cold sync} runs as a separate JVM, pauses at
 * one point of its second batch ({@link PausePoint}), is killed with SIGKILL there, and a second sync
 * then finishes the job. The tables must hold exactly the journal's ticks by natural key (venue, symbol,
 * channel, source_seq): nothing lost, nothing twice, and no row of a file the crash left uncommitted.
 */
@Timeout(300)
class ColdCrashTest {
    private static final String BATCH_ROWS = "cold.batchRows=40000";

    @TempDir
    Path dataDir;
    /** Logs, pause markers and the child JVMs' java.io.tmpdir: removed with a passing test (kept when one fails, for its logs). */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path scratch;

    @BeforeEach
    void ingestTheBhpSample() {
        ingest("asx-trades", "trades/7078.csv");
        ingest("asx-quotes", "quotes/7078.csv");
    }

    @Test
    void killedBeforeWritingABatchResumesWithoutLossOrDuplicate() throws Exception {
        killAt(PausePoint.BEFORE_WRITE);
        assertResumesExactly();
    }

    @Test
    void killedBetweenWritingFilesAndCommittingLeavesUnreadOrphansAndResumesExactly() throws Exception {
        killAt(PausePoint.BEFORE_COMMIT);
        Set<String> orphans;
        try (ColdCatalog catalog = ColdTables.catalog(dataDir)) {
            Set<String> live = new HashSet<>(ColdTables.liveDataFiles(catalog.existing(ColdTable.TRADES)));
            live.addAll(ColdTables.liveDataFiles(catalog.existing(ColdTable.QUOTES)));
            orphans = new HashSet<>(ColdTables.parquetFilesOnDisk(dataDir));
            orphans.removeAll(live);
        }
        assertThat(orphans).as("the killed batch's written but uncommitted files").isNotEmpty();

        assertResumesExactly();
        assertThat(ColdTables.parquetFilesOnDisk(dataDir)).as("orphans stay on disk until maintenance").containsAll(orphans);
        try (ColdCatalog catalog = ColdTables.catalog(dataDir)) {
            Set<String> live = new HashSet<>(ColdTables.liveDataFiles(catalog.existing(ColdTable.TRADES)));
            live.addAll(ColdTables.liveDataFiles(catalog.existing(ColdTable.QUOTES)));
            assertThat(live).as("no snapshot references a file of the killed batch").doesNotContainAnyElementsOf(orphans);
        }
    }

    @Test
    void killedAfterCommittingTradesButBeforeQuotesResumesWithoutLossOrDuplicate() throws Exception {
        killAt(PausePoint.AFTER_COMMIT);
        try (ColdCatalog catalog = ColdTables.catalog(dataDir)) {
            List<String> keys = ColdTables.tableKeys(catalog);
            assertThat(new HashSet<>(keys)).as("no duplicate before the restart").hasSameSizeAs(keys);
        }
        assertResumesExactly();
    }

    private void killAt(PausePoint point) throws IOException, InterruptedException {
        Path marker = scratch.resolve("paused");
        Path log = scratch.resolve("writer.log");
        Files.deleteIfExists(marker);
        Process writer = new ProcessBuilder(javaCommand(scratch, point.at(2), marker, "cold", "sync", "--data-dir",
            dataDir.toString(), "--set", BATCH_ROWS)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!Files.exists(marker)) {
                assertThat(writer.isAlive()).as("writer exited before " + point + ": " + Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("writer never reached " + point).isLessThan(deadline);
                Thread.sleep(20);
            }
        } finally {
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).as("killed writer exits").isTrue();
            Files.deleteIfExists(marker);
        }
        assertThat(writer.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    private void assertResumesExactly() {
        CommandLineRun restart = k2("cold", "sync", "--json", "--data-dir", dataDir.toString(), "--set", BATCH_ROWS);
        assertThat(restart.exitCode()).as(restart.err()).isZero();
        assertThat(restart.number("rows")).isPositive();
        try (ColdCatalog catalog = ColdTables.catalog(dataDir)) {
            ColdTables.assertSameTicks(ColdTables.tableKeys(catalog), ColdTables.journalKeys(dataDir));
        }
    }

    private void ingest(String format, String file) {
        CommandLineRun run = k2("ingest", "--format", format, SharedData.asx(file).toString(), "--data-dir", dataDir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    /**
     * {@code java @jvm.options -D... -cp <this test's class path> dev.k2.tools.K2 ARGS}: a {@code k2}
     * command in a child JVM, with Netty's leak detector on as in every test (jvm.options turns it off
     * for production). Its java.io.tmpdir is {@code tmpDir}: a JVM killed with SIGKILL
     * never runs its deleteOnExit hooks, and DuckDB's JDBC driver leaves its 71 MB native library in the
     * temporary folder each time, so the test's own folder takes it and is removed with the test.
     */
    static List<String> javaCommand(Path tmpDir, String pauseAt, Path marker, String... args) {
        Path options = Path.of("").toAbsolutePath();
        while (options != null && !Files.exists(options.resolve("jvm.options"))) {
            options = options.getParent();
        }
        assertThat(options).as("jvm.options above " + Path.of("").toAbsolutePath()).isNotNull();
        List<String> command = new java.util.ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "@" + options.resolve("jvm.options"), "-Xmx1g", "-Djava.io.tmpdir=" + tmpDir,
            // the test JVM's level (surefire's argLine), not jvm.options' production one
            "-Dio.netty.leakDetection.level=" + System.getProperty("io.netty.leakDetection.level", "simple")));
        if (pauseAt != null) {
            command.add("-D" + PausePoint.PROPERTY + "=" + pauseAt);
            command.add("-D" + PausePoint.MARKER_PROPERTY + "=" + marker);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), K2.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
