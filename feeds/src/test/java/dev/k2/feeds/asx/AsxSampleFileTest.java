package dev.k2.feeds.asx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.stats.Counter;
import dev.k2.engine.tick.AssetClass;
import dev.k2.engine.tick.Scaled;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickKind;
import dev.k2.feeds.support.EngineHarness;
import dev.k2.feeds.support.RecordedTick;
import dev.k2.feeds.support.SharedData;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The feed against the real ASX sample files in ../shared/data/asx, checked against independent readings. */
class AsxSampleFileTest {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss.SSS");

    private static FileResult ingest(EngineHarness engine, AsxFormat format, Path file, String symbol) throws IOException {
        AsxFileFeed feed = new AsxFileFeed(format, engine.registry(), engine.ingress(), engine.deadLetters(),
            engine.counters(), engine.clock());
        return feed.ingest(file, symbol, null);
    }

    private static List<String[]> rows(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream()
            .filter(line -> !line.isEmpty()).map(line -> line.split(",", -1)).toList();
    }

    @Test
    void publishesEveryBhpTradeAsOneStreamPerTradingDay() throws IOException {
        Path file = SharedData.asx("trades/7078.csv");
        try (EngineHarness engine = new EngineHarness()) {
            FileResult result = ingest(engine, AsxFormat.TRADES, file, "BHP");
            engine.drain();

            assertThat(result.rowsRead()).isEqualTo(91_631);
            assertThat(result.published()).isEqualTo(91_631);
            assertThat(result.deadLetters()).isZero();
            assertThat(engine.count(Counter.ACCEPTED)).isEqualTo(91_631);
            assertThat(engine.count(Counter.READ)).isEqualTo(91_631);
            assertThat(engine.count(Counter.GAPS)).isZero();
            assertThat(engine.count(Counter.DUPLICATES)).isZero();
            assertThat(engine.deadLetters().rejections()).isEmpty();

            Map<Integer, List<RecordedTick>> byChannel = engine.journal().ticks().stream()
                .collect(Collectors.groupingBy(RecordedTick::channel, TreeMap::new, Collectors.toList()));
            assertThat(byChannel).containsOnlyKeys(120140310, 120140311, 120140312, 120140313, 120140314);
            assertThat(byChannel.values()).extracting(List::size).containsExactly(17_000, 21_681, 20_283, 16_309, 16_358);
            for (List<RecordedTick> day : byChannel.values()) {
                for (int i = 0; i < day.size(); i++) {
                    assertThat(day.get(i).sourceSeq()).isEqualTo(i);
                }
            }
            RecordedTick first = engine.journal().ticks().get(0);
            assertThat(engine.registry().byId(first.instrumentId()))
                .satisfies(i -> assertThat(i.venue()).isEqualTo("ASX"))
                .satisfies(i -> assertThat(i.symbol()).isEqualTo("BHP"))
                .satisfies(i -> assertThat(i.assetClass()).isEqualTo(AssetClass.EQUITY));
            assertThat(first.kind()).isEqualTo(TickKind.TRADE);
            assertThat(first.sequencePolicy()).isEqualTo(SequencePolicy.PERMANENT);
            assertThat(first.tradeId()).isEqualTo(-1);
            assertThat(first.side()).isEqualTo(Side.UNKNOWN);
            assertThat(result.firstExchangeTimeNs()).isEqualTo(first.exchangeTimeNs());
        }
    }

    @Test
    void publishesEveryRioTrade() throws IOException {
        try (EngineHarness engine = new EngineHarness()) {
            FileResult result = ingest(engine, AsxFormat.TRADES, SharedData.asx("trades/7458.csv"), "RIO");
            engine.drain();
            assertThat(result.published()).isEqualTo(108_671);
            assertThat(result.deadLetters()).isZero();
            assertThat(engine.count(Counter.ACCEPTED)).isEqualTo(108_671);
        }
    }

    @Test
    void publishesEveryQuoteOfBhpAndRio() throws IOException {
        try (EngineHarness engine = new EngineHarness()) {
            FileResult bhp = ingest(engine, AsxFormat.QUOTES, SharedData.asx("quotes/7078.csv"), "BHP");
            FileResult rio = ingest(engine, AsxFormat.QUOTES, SharedData.asx("quotes/7458.csv"), "RIO");
            engine.drain();
            assertThat(bhp.published()).isEqualTo(77_849);
            assertThat(rio.published()).isEqualTo(91_171);
            assertThat(bhp.deadLetters() + rio.deadLetters()).isZero();
            assertThat(engine.count(Counter.ACCEPTED)).isEqualTo(77_849 + 91_171);
            assertThat(engine.journal().ticks()).allSatisfy(t -> assertThat(AsxFileFeed.kind(t.channel())).isEqualTo(TickKind.QUOTE));
        }
    }

    @Test
    void firstBhpTradeKeepsTheSourceTextExactlyAndIsElevenHoursBehindSydney() throws IOException {
        Path file = SharedData.asx("trades/7078.csv");
        String[] source = rows(file).get(0);
        try (EngineHarness engine = new EngineHarness()) {
            ingest(engine, AsxFormat.TRADES, file, "BHP");
            engine.drain();
            RecordedTick first = engine.journal().ticks().get(0);

            assertThat(Scaled.toString(first.price())).isEqualTo(new BigDecimal(source[2]).stripTrailingZeros().toPlainString());
            assertThat(Scaled.toBigDecimal(first.price())).isEqualByComparingTo(new BigDecimal(source[2]));
            assertThat(Scaled.toBigDecimal(first.quantity())).isEqualByComparingTo(new BigDecimal(source[3]));
            assertThat(first.conditions()).isEqualTo(Integer.parseInt(source[4]));
            assertThat(first.vendorData()).containsExactly(Map.entry("qualifiers", source[4]), Map.entry("venue", "X"));

            LocalDateTime sydney = LocalDateTime.parse(source[0] + " " + source[1], LOCAL);
            long expectedNs = sydney.minus(Duration.ofHours(11)).toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L
                + sydney.getNano();
            assertThat(first.exchangeTimeNs()).isEqualTo(expectedNs);
            assertThat(first.sourceSeq()).isZero();
            assertThat(first.channel()).isEqualTo(120140310);
        }
    }

    @Test
    void notionalOfTheBhpFileEqualsAnIndependentDecimalSum() throws IOException {
        Path file = SharedData.asx("trades/7078.csv");
        BigDecimal expected = BigDecimal.ZERO;
        for (String[] row : rows(file)) {
            expected = expected.add(new BigDecimal(row[2]).multiply(new BigDecimal(row[3])));
        }
        try (EngineHarness engine = new EngineHarness()) {
            ingest(engine, AsxFormat.TRADES, file, "BHP");
            engine.drain();
            BigDecimal actual = BigDecimal.ZERO;
            for (RecordedTick tick : engine.journal().ticks()) {
                actual = actual.add(Scaled.toBigDecimal(tick.price()).multiply(Scaled.toBigDecimal(tick.quantity())));
            }
            assertThat(actual).isEqualByComparingTo(expected);
        }
    }

    @Test
    void buyerIdIsKeptAsVendorDataWhereTheFileHasOne() throws IOException {
        Path file = SharedData.asx("trades/7078.csv");
        List<String[]> rows = rows(file);
        long withBuyer = rows.stream().filter(r -> !r[6].isEmpty()).count();
        try (EngineHarness engine = new EngineHarness()) {
            ingest(engine, AsxFormat.TRADES, file, "BHP");
            engine.drain();
            List<RecordedTick> ticks = engine.journal().ticks();
            assertThat(ticks.stream().filter(t -> t.vendorData().containsKey("buyer_id")).count()).isEqualTo(withBuyer);
            for (int i = 0; i < rows.size(); i++) {
                String[] row = rows.get(i);
                if (!row[6].isEmpty()) {
                    assertThat(ticks.get(i).vendorData()).containsEntry("buyer_id", row[6]);
                }
            }
        }
    }

    @Test
    void ingestingAFileTwiceAcceptsNothingTheSecondTime() throws IOException {
        Path file = SharedData.asx("trades/7078.csv");
        try (EngineHarness engine = new EngineHarness()) {
            FileResult first = ingest(engine, AsxFormat.TRADES, file, "BHP");
            FileResult second = ingest(engine, AsxFormat.TRADES, file, "BHP");
            engine.drain();
            assertThat(first.published()).isEqualTo(91_631);
            assertThat(second.published()).isEqualTo(91_631);
            assertThat(engine.count(Counter.ACCEPTED)).isEqualTo(91_631);
            assertThat(engine.count(Counter.DUPLICATES)).isEqualTo(91_631);
            assertThat(engine.journal().ticks()).hasSize(91_631);
        }
    }
}
