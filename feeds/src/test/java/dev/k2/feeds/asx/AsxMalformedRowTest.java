package dev.k2.feeds.asx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.k2.engine.journal.RejectReason;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.tick.Scaled;
import dev.k2.feeds.support.EngineHarness;
import dev.k2.feeds.support.RecordedTick;
import dev.k2.feeds.support.RecordingDeadLetters.Rejection;
import dev.k2.feeds.support.RecordingJournal.Gap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crafted files: bad rows are dead-lettered with their line, reason and raw text; good rows all go through. */
class AsxMalformedRowTest {
    @TempDir
    Path dir;

    private FileResult ingest(EngineHarness engine, AsxFormat format, Path file) throws IOException {
        AsxFileFeed feed = new AsxFileFeed(format, engine.registry(), engine.ingress(), engine.deadLetters(),
            engine.counters(), engine.clock());
        return feed.ingest(file, "BHP", null);
    }

    @Test
    void badTradeRowsAreDeadLetteredWithLineNumberAndReasonAndGoodRowsPublished() throws IOException {
        Path file = dir.resolve("7078.csv");
        Files.writeString(file, String.join("\r\n",
            "03/10/2014,10:00:00.000,36.50,100,0,,",           // 1 good, seq 0
            "03/10/2014,10:00:01.000,36.5",                     // 2 too few fields, seq 1
            "03/10/2014,10:00:02.000,12.3x,100,0,,",           // 3 bad price, seq 2
            "03/10/2014,10:00:02.500,36.51,200,25,,",          // 4 good, seq 3
            "13/45/2014,10:00:03.000,36.5,100,0,,",            // 5 bad date: no seq
            "03/10/2014,25:00:00.000,36.5,100,0,,",            // 6 bad time, seq 4
            "03/10/2014,10:00:04.000,36.5,-100,0,,",           // 7 negative volume, seq 5
            "03/10/2014,10:00:05.000,36.123456789,100,0,,",    // 8 nine decimals, seq 6
            "",                                                 // 9 empty: skipped, not counted
            "03/10/2014,10:00:06.000,36.52,300,3,X,36.79",     // 10 good, seq 7
            ""), StandardCharsets.ISO_8859_1);

        try (EngineHarness engine = new EngineHarness()) {
            FileResult result = ingest(engine, AsxFormat.TRADES, file);
            engine.drain();

            assertThat(engine.deadLetters().rejections())
                .extracting(Rejection::position, Rejection::reason, Rejection::message)
                .containsExactly(
                    tuple(2L, RejectReason.MALFORMED_LINE,
                        "expected 7 fields (date,time,price,volume,qualifiers,venue,buyer_id) but found 3"),
                    tuple(3L, RejectReason.BAD_NUMBER, "field 3 (price) '12.3x' is not a decimal"),
                    tuple(5L, RejectReason.BAD_TIME, "field 1 (date) '13/45/2014' is not a date MM/DD/YYYY"),
                    tuple(6L, RejectReason.BAD_TIME, "field 2 (time) '25:00:00.000' is not a time HH:MM:SS.mmm"),
                    tuple(7L, RejectReason.BAD_VALUE, "field 4 (volume) '-100' is negative"),
                    tuple(8L, RejectReason.BAD_NUMBER, "field 3 (price) '36.123456789' has more than 8 decimal places"));
            Rejection first = engine.deadLetters().rejections().get(0);
            assertThat(first.raw()).isEqualTo("03/10/2014,10:00:01.000,36.5");
            assertThat(first.source()).isEqualTo(file.toString());

            assertThat(result.rowsRead()).isEqualTo(9);
            assertThat(result.published()).isEqualTo(3);
            assertThat(result.deadLetters()).isEqualTo(6);
            assertThat(engine.count(Counter.READ)).isEqualTo(9);
            assertThat(engine.count(Counter.DEAD_LETTERS)).isEqualTo(6);
            assertThat(engine.count(Counter.ACCEPTED)).isEqualTo(3);

            List<RecordedTick> ticks = engine.journal().ticks();
            assertThat(ticks).extracting(RecordedTick::sourceSeq).containsExactly(0L, 3L, 7L);
            assertThat(ticks).extracting(t -> Scaled.toString(t.price())).containsExactly("36.5", "36.51", "36.52");
            assertThat(ticks.get(2).vendorData())
                .containsEntry("qualifiers", "3").containsEntry("venue", "X").containsEntry("buyer_id", "36.79");
            assertThat(engine.journal().gaps()).extracting(Gap::from, Gap::to)
                .containsExactly(tuple(1L, 2L), tuple(4L, 6L));
        }
    }

    @Test
    void badQuoteRowsNameTheQuoteField() throws IOException {
        Path file = dir.resolve("q.csv");
        Files.writeString(file, "03/10/2014,05:43:45.676,37.7,0.0,300,0\n"
            + "03/10/2014,05:43:45.676,37.7,37.73,300.5,600\n"
            + "03/10/2014,05:43:46.000,37.7,-37.73,300,600\n"
            + "03/10/2014,05:43:47.000,37.7,37.73,300,600,1\n"
            + "03/10/2014,05:43:48.000,37.7,37.73,300,99999999999");
        try (EngineHarness engine = new EngineHarness()) {
            FileResult result = ingest(engine, AsxFormat.QUOTES, file);
            engine.drain();
            assertThat(engine.deadLetters().rejections())
                .extracting(Rejection::position, Rejection::reason, Rejection::message)
                .containsExactly(
                    tuple(2L, RejectReason.BAD_NUMBER, "field 5 (bid_volume) '300.5' is not an integer"),
                    tuple(3L, RejectReason.BAD_VALUE, "field 4 (ask) '-37.73' is negative"),
                    tuple(4L, RejectReason.MALFORMED_LINE,
                        "expected 6 fields (date,time,bid,ask,bid_volume,ask_volume) but found 7"),
                    tuple(5L, RejectReason.BAD_NUMBER, "field 6 (ask_volume) '99999999999' is larger than 92233720368"));
            assertThat(result.published()).isEqualTo(1);
            RecordedTick quote = engine.journal().ticks().get(0);
            assertThat(quote.bidPrice()).isEqualTo(Scaled.parse("37.7"));
            assertThat(quote.askPrice()).isZero();
            assertThat(quote.bidSize()).isEqualTo(Scaled.ofLong(300));
            assertThat(quote.askSize()).isZero();
        }
    }

    @Test
    void vendorDataThatDoesNotFitIsDeadLetteredNotTruncated() throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, "03/10/2014,10:00:00.000,36.5,100,0,X," + "9".repeat(80) + "\n");
        try (EngineHarness engine = new EngineHarness()) {
            ingest(engine, AsxFormat.TRADES, file);
            engine.drain();
            assertThat(engine.deadLetters().rejections()).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.VENDOR_DATA_TOO_LARGE))
                .satisfies(r -> assertThat(r.message()).startsWith("vendor data qualifiers='0' venue='X' buyer_id='999"));
            assertThat(engine.count(Counter.ACCEPTED)).isZero();
        }
    }

    @Test
    void lastLineWithoutNewlineIsPublishedAndLfEndingsWorkToo() throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, "03/10/2014,10:00:00.000,36.5,100,0,,\n03/10/2014,10:00:00.001,36.6,100,0,,");
        try (EngineHarness engine = new EngineHarness()) {
            FileResult result = ingest(engine, AsxFormat.TRADES, file);
            engine.drain();
            assertThat(result.published()).isEqualTo(2);
            assertThat(result.lastExchangeTimeNs() - result.firstExchangeTimeNs()).isEqualTo(1_000_000L);
            assertThat(engine.journal().ticks()).extracting(t -> t.vendorData().get("qualifiers")).containsOnly("0");
        }
    }

    @Test
    void aLineLongerThanTheBufferIsOneRejectionAndTheNextLineStillCounts() throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, "03/10/2014,10:00:00.000,36.5,100,0,," + "x".repeat(AsxFileFeed.BUFFER_BYTES + 10) + "\r\n"
            + "03/10/2014,10:00:01.000,36.5,100,0,,\r\n");
        try (EngineHarness engine = new EngineHarness()) {
            FileResult result = ingest(engine, AsxFormat.TRADES, file);
            engine.drain();
            assertThat(engine.deadLetters().rejections()).singleElement()
                .satisfies(r -> assertThat(r.position()).isEqualTo(1))
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_LINE));
            assertThat(result.rowsRead()).isEqualTo(2);
            assertThat(engine.journal().ticks()).extracting(RecordedTick::sourceSeq).containsExactly(1L);
        }
    }

    @Test
    void rowsOfEachDayAreNumberedFromZeroEvenWhenDaysInterleave() throws IOException {
        Path file = dir.resolve("t.csv");
        List<String> lines = new ArrayList<>();
        lines.add("03/10/2014,10:00:00.000,36.5,100,0,,");
        lines.add("03/11/2014,10:00:00.000,36.5,100,0,,");
        lines.add("03/10/2014,10:00:01.000,36.5,100,0,,");
        lines.add("03/11/2014,10:00:01.000,36.5,100,0,,");
        lines.add("03/11/2014,10:00:01.000,36.5,100,0,,");
        Files.write(file, lines);
        try (EngineHarness engine = new EngineHarness()) {
            ingest(engine, AsxFormat.TRADES, file);
            engine.drain();
            assertThat(engine.journal().ticks()).extracting(RecordedTick::channel, RecordedTick::sourceSeq)
                .containsExactly(tuple(120140310, 0L), tuple(120140311, 0L), tuple(120140310, 1L),
                    tuple(120140311, 1L), tuple(120140311, 2L));
            assertThat(engine.count(Counter.IN_ORDER)).isEqualTo(5);
        }
    }

    @Test
    void missingFileIsAnIOExceptionNamingIt() {
        Path missing = dir.resolve("nope.csv");
        try (EngineHarness engine = new EngineHarness()) {
            assertThatThrownBy(() -> ingest(engine, AsxFormat.TRADES, missing))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("asx-trades");
            assertThat(engine.registry().all()).isEmpty();
        }
    }

    @Test
    void directoryIsAnIOExceptionNamingIt() {
        try (EngineHarness engine = new EngineHarness()) {
            assertThatThrownBy(() -> ingest(engine, AsxFormat.QUOTES, dir))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot read asx-quotes file " + dir);
        }
    }
}
