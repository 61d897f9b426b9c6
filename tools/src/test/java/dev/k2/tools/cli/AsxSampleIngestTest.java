package dev.k2.tools.cli;

import static dev.k2.tools.CommandLineRun.k2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.feeds.support.SharedData;
import dev.k2.tools.CommandLineRun;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ASX sample through the real command line, the real ring and the real Chronicle journal. */
@Timeout(300)
class AsxSampleIngestTest {
    @TempDir
    Path dataDir;

    private CommandLineRun run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        return k2(all);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "asx-trades, trades/7078.csv, BHP, 91631",
        "asx-trades, trades/7458.csv, RIO, 108671",
        "asx-quotes, quotes/7078.csv, BHP, 77849",
        "asx-quotes, quotes/7458.csv, RIO, 91171"})
    void journalsEveryRowOnceAndAcceptsNothingOnReingest(String format, String file, String symbol, long rows) {
        Path source = SharedData.asx(file);
        CommandLineRun first = run("ingest", "--format", format, "--json", source.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.number("read")).isEqualTo(rows);
        assertThat(first.number("accepted")).isEqualTo(rows);
        assertThat(first.number("duplicates")).isZero();
        assertThat(first.number("gaps")).isZero();
        assertThat(first.number("deadLetters")).isZero();
        assertThat(first.out()).contains("\"elapsedMs\":", "\"ticksPerSecond\":");

        CommandLineRun again = run("ingest", "--format", format, "--json", source.toString());
        assertThat(again.number("accepted")).isZero();
        assertThat(again.number("duplicates")).isEqualTo(rows);

        CommandLineRun verify = run("verify", "--json");
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("\"consistent\":true");
        assertThat(verify.number("instruments", symbol, "count")).isEqualTo(rows);
        assertThat(verify.number("instruments", symbol, "duplicates")).isEqualTo(rows);
        assertThat(verify.number("records")).isGreaterThan(rows);
    }

    @Test
    void replayReproducesTheIngestExactlyByHashAndByValue() throws IOException {
        Path source = SharedData.asx("trades/7078.csv");
        CommandLineRun ingest = run("ingest", "--format", "asx-trades", "--json", source.toString());
        CommandLineRun replay = run("replay", "--sink", "null", "--json");
        assertThat(replay.number("ticks")).isEqualTo(91_631);
        assertThat(replay.text("hash")).isEqualTo(ingest.text("hash"));

        Path csv = dataDir.resolve("bhp.csv");
        CommandLineRun toCsv = run("replay", "--symbol", "BHP", "--sink", "csv:" + csv);
        assertThat(toCsv.exitCode()).as(toCsv.err()).isZero();
        List<String> replayed = Files.readAllLines(csv);
        List<String> original = Files.readAllLines(source).stream().filter(l -> !l.isBlank()).toList();
        assertThat(replayed).hasSize(original.size() + 1);
        String[] header = replayed.get(0).split(",", -1);
        assertThat(header).contains("symbol", "exchange_time", "source_seq", "price", "quantity");
        int time = List.of(header).indexOf("exchange_time");
        int seq = List.of(header).indexOf("source_seq");
        int price = List.of(header).indexOf("price");
        int quantity = List.of(header).indexOf("quantity");
        DateTimeFormatter local = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss.SSS");
        BigDecimal sourceNotional = BigDecimal.ZERO;
        BigDecimal replayedNotional = BigDecimal.ZERO;
        for (int i = 0; i < original.size(); i++) {
            String[] src = original.get(i).split(",", -1);
            String[] out = replayed.get(i + 1).split(",", -1);
            BigDecimal srcPrice = new BigDecimal(src[2]);
            BigDecimal outPrice = new BigDecimal(out[price]);
            assertThat(outPrice).as("row %d price", i).isEqualByComparingTo(srcPrice);
            assertThat(new BigDecimal(out[quantity])).as("row %d volume", i).isEqualByComparingTo(new BigDecimal(src[3]));
            if (i % 997 == 0) {
                String utc = LocalDateTime.parse(src[0] + " " + src[1], local).atZone(ZoneId.of("Australia/Sydney"))
                    .toInstant().toString();
                assertThat(out[time]).as("row %d time", i).isEqualTo(utc);
            }
            sourceNotional = sourceNotional.add(srcPrice.multiply(new BigDecimal(src[3])));
            replayedNotional = replayedNotional.add(outPrice.multiply(new BigDecimal(out[quantity])));
        }
        assertThat(replayedNotional).isEqualByComparingTo(sourceNotional);
        // the first row of each trading day is ordinal 0 of its stream
        assertThat(replayed.get(1).split(",", -1)[seq]).isEqualTo("0");
    }

    @Test
    void replayFiltersByExchangeTimeRange() {
        run("ingest", "--format", "asx-trades", SharedData.asx("trades/7078.csv").toString());
        // 10 March 2014 Sydney is 9 March 13:00 UTC to 10 March 13:00 UTC; BHP's first day has 17,000 trades
        CommandLineRun day = run("replay", "--from", "2014-03-09T13:00:00Z", "--to", "2014-03-10T13:00:00Z", "--json");
        assertThat(day.number("ticks")).isEqualTo(17_000);
    }
}
