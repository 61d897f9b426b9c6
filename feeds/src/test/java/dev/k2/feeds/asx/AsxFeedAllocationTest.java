package dev.k2.feeds.asx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.stats.Counter;
import dev.k2.feeds.support.Allocations;
import dev.k2.feeds.support.EngineHarness;
import dev.k2.feeds.support.RecordingJournal;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steady-state rows allocate nothing: ingesting ten times as many rows of the same days costs the
 * feed thread no more than a small constant (per file: the run state, the stream, the result).
 */
class AsxFeedAllocationTest {
    private static final int SMALL = 20_000;
    private static final int LARGE = 200_000;

    @TempDir
    Path dir;

    @Test
    void goodRowsAllocateNothingOnTheFeedThread() throws IOException {
        Path small = write("small.csv", SMALL);
        Path large = write("large.csv", LARGE);
        try (EngineHarness engine = new EngineHarness(new RecordingJournal(false))) {
            AsxFileFeed feed = new AsxFileFeed(AsxFormat.TRADES, engine.registry(), engine.ingress(),
                engine.deadLetters(), engine.counters(), engine.clock());
            feed.ingest(small, "WARM1", null);
            feed.ingest(large, "WARM2", null);

            long before = Allocations.byThisThread();
            feed.ingest(small, "AAA", null);
            long smallBytes = Allocations.byThisThread() - before;
            before = Allocations.byThisThread();
            feed.ingest(large, "BBB", null);
            long largeBytes = Allocations.byThisThread() - before;
            engine.drain();

            assertThat(engine.count(Counter.ACCEPTED)).isEqualTo(2L * (SMALL + LARGE));
            assertThat(largeBytes - smallBytes)
                .as("bytes for %d more rows (small file %d, large file %d)", LARGE - SMALL, smallBytes, largeBytes)
                .isLessThan(16 * 1024L);
            assertThat(smallBytes).as("bytes for one file of %d rows", SMALL).isLessThan(16 * 1024L);
        }
    }

    private Path write(String name, int rows) throws IOException {
        Path file = dir.resolve(name);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            for (int i = 0; i < rows; i++) {
                int day = 10 + i * 5 / rows;
                int second = i % 21_600;
                out.write(String.format("03/%02d/2014,%02d:%02d:%02d.%03d,%d.%03d,%d,%d,%s,\r\n", day,
                    10 + second / 3600, second / 60 % 60, second % 60, i % 1000, 30 + i % 10, i % 1000, 1 + i % 5000,
                    i % 7 == 0 ? 25 : 0, i % 100 == 0 ? "X" : ""));
            }
        }
        return file;
    }
}
