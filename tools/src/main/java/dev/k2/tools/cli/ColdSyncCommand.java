package dev.k2.tools.cli;

import dev.k2.config.K2Settings;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdFollower;
import dev.k2.persistence.cold.ColdLag;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.CommitRetry;
import dev.k2.persistence.cold.ColdWriter;
import dev.k2.persistence.cold.SyncResult;
import dev.k2.persistence.cold.Watermark;
import dev.k2.tools.runtime.StopSignal;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sync", mixinStandardHelpOptions = true,
    description = {
        "Bring the cold tables up to the end of the journal, then exit.",
        "Reads the journal after the tables' watermark, writes Parquet files and commits one snapshot per",
        "table per batch (cold.batchRows, cold.batchBytes, cold.batchAgeMs); markers are not tick rows,",
        "but every gap marker becomes a row of k2.gaps (venue, symbol, channel, from_seq, to_seq,",
        "detected_at, journal_index) in the same batches, under the same watermark rule.",
        "Prints rows, files and snapshots written and the new watermark. Running it again writes nothing",
        "until the journal grows. Safe beside a running engine (it only reads the journal).",
        "With --follow it keeps running on its own thread (k2-cold-writer), tailing the journal as the",
        "engine appends, so the tables trail the journal by about cold.batchAgeMs; a failing commit is",
        "retried with back-off behind a circuit breaker while the journal keeps the data. Ctrl-C or",
        "--duration stops it after committing the open batch; it then prints what it wrote and its lag",
        "(records and seconds behind the journal)."})
public final class ColdSyncCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--follow", description = "Keep tailing the journal and committing batches until Ctrl-C or --duration.")
    boolean follow;

    @Option(names = "--duration", paramLabel = "DURATION",
        description = "With --follow: stop after this long (500ms, 30s, 5m, 2h, PT30S). Default: until Ctrl-C.")
    String duration;

    @Override
    public Integer call() throws InterruptedException {
        common.existingJournal();
        DataDirectory dir = common.dataDirectory();
        if (duration != null && !follow) {
            throw new IllegalArgumentException("--duration only applies to --follow: add --follow, or drop --duration");
        }
        if (follow) {
            Duration limit = duration == null ? null : Durations.parse("--duration", duration);
            try (ColdFollower follower = new ColdFollower(dir, ColdSettings.from(common.config(), dir), CommitRetry.DEFAULT)) {
                follow(follower.start(), limit);
            }
            return 0;
        }
        SyncResult result;
        try (ColdWriter writer = new ColdWriter(dir, ColdSettings.from(common.config(), dir))) {
            result = writer.sync();
        }
        print(result, null);
        return 0;
    }

    /**
     * Runs until the duration ends or Ctrl-C / SIGTERM, then stops the writer (committing its open batch)
     * and prints the summary. The signals are caught rather than left to start a JVM shutdown: in a
     * shutdown, Iceberg's own hook stops the worker pool a commit needs, so the open batch could not land.
     */
    private void follow(ColdFollower follower, Duration limit) throws InterruptedException {
        try (StopSignal stop = StopSignal.install()) {
            if (follower.awaitFollowing(TimeUnit.SECONDS.toNanos(60)) && !common.json()) {
                System.out.printf("%s following the journal of %s (a batch commits on rows, bytes or %,d ms of age);"
                    + " Ctrl-C stops it after committing the open batch%n", ColdFollower.ROLE, common.dataDirectory().root(),
                    common.config().get(K2Settings.COLD_BATCH_AGE_MS));
                System.out.flush();
            }
            long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
            while (follower.running() && System.nanoTime() < deadline
                && !stop.await(Math.min(200_000_000L, deadline - System.nanoTime()))) {
                // waiting for the duration, Ctrl-C, or a writer failure (rethrown by stop)
            }
            print(follower.stop(), follower.lag());
        }
    }

    private void print(SyncResult result, ColdLag lag) {
        long elapsedMs = result.elapsedNs() / 1_000_000;
        if (common.json()) {
            System.out.println(new Json().put("rows", result.rows()).put("tradeRows", result.tradeRows())
                .put("quoteRows", result.quoteRows()).put("gapRows", result.gapRows()).put("files", result.files()).put("fileBytes", result.fileBytes())
                .put("snapshots", result.snapshots()).put("batches", result.batches())
                .put("excerpts", result.excerpts()).put("watermark", result.watermark())
                .put("watermarkHex", Watermark.hex(result.watermark())).put("elapsedMs", elapsedMs)
                .put("rowsPerSecond", result.rowsPerSecond()).put("lag", lagJson(lag)));
        } else if (result.excerpts() == 0) {
            System.out.printf("cold tables already at the end of the journal (watermark %s): nothing to write%n",
                Watermark.hex(result.watermark()));
        } else {
            System.out.printf("%,d rows (%,d trades, %,d quotes) and %,d gap ranges in %,d files (%,d bytes), %,d snapshots"
                    + " in %,d batches, from %,d journal excerpts in %,d ms (%,d rows/s); watermark %s%n",
                result.rows(), result.tradeRows(), result.quoteRows(), result.gapRows(), result.files(), result.fileBytes(),
                result.snapshots(), result.batches(), result.excerpts(), elapsedMs, result.rowsPerSecond(),
                Watermark.hex(result.watermark()));
        }
        if (lag != null && !common.json()) {
            System.out.printf("lag at stop: %,d records in %,d excerpts, %.3f s behind the journal; commit breaker %s%n",
                lag.recordsBehind(), lag.excerptsBehind(), lag.secondsBehind(), lag.breaker());
        }
    }

    private static Json lagJson(ColdLag lag) {
        if (lag == null) {
            return null;
        }
        return new Json().put("records", lag.recordsBehind()).put("excerpts", lag.excerptsBehind())
            .put("seconds", lag.secondsBehind()).put("breaker", lag.breaker().name());
    }
}
