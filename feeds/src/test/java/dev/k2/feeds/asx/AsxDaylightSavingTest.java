package dev.k2.feeds.asx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.feeds.support.EngineHarness;
import dev.k2.feeds.support.RecordedTick;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows on Sydney's 2014 daylight-saving change days get java.time's UTC instant through the feed. */
class AsxDaylightSavingTest {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("MM/dd/yyyy,HH:mm:ss.SSS");

    @TempDir
    Path dir;

    @Test
    void rowsAcrossBothChangeDaysMatchJavaTime() throws IOException {
        List<String> stamps = List.of(
            "04/05/2014,23:59:59.999", "04/06/2014,00:00:00.000", "04/06/2014,01:59:59.999", "04/06/2014,02:00:00.000",
            "04/06/2014,02:30:00.500", "04/06/2014,02:59:59.999", "04/06/2014,03:00:00.000", "04/06/2014,10:00:00.000",
            "04/07/2014,10:00:00.000",
            "10/04/2014,10:00:00.000", "10/05/2014,01:59:59.999", "10/05/2014,02:00:00.000", "10/05/2014,02:30:00.000",
            "10/05/2014,03:00:00.000", "10/05/2014,16:00:00.000", "10/06/2014,10:00:00.000");
        Path file = dir.resolve("7078.csv");
        Files.write(file, stamps.stream().map(s -> s + ",36.5,100,0,,").toList());
        try (EngineHarness engine = new EngineHarness()) {
            new AsxFileFeed(AsxFormat.TRADES, engine.registry(), engine.ingress(), engine.deadLetters(), engine.counters(),
                engine.clock()).ingest(file, "BHP", null);
            engine.drain();
            assertThat(engine.journal().ticks()).extracting(RecordedTick::exchangeTimeNs)
                .containsExactlyElementsOf(stamps.stream().map(AsxDaylightSavingTest::javaTime).toList());
        }
    }

    private static long javaTime(String stamp) {
        ZonedDateTime zoned = ZonedDateTime.of(LocalDateTime.parse(stamp, LOCAL), ZoneId.of("Australia/Sydney"));
        return zoned.toEpochSecond() * 1_000_000_000L + zoned.getNano();
    }
}
