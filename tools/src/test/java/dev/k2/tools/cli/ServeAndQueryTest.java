package dev.k2.tools.cli;

import static dev.k2.tools.CommandLineRun.k2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.feeds.support.SharedData;
import dev.k2.tools.CommandLineRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code k2 serve} in its own process over the ASX sample (BHP trades synced cold, quotes only in
 * the journal), queried with {@code k2 query} and over HTTP, then stopped with SIGTERM as Ctrl-C would.
 */
@Timeout(300)
class ServeAndQueryTest {
    private static final int BHP_TRADES = 91_631;
    private static final int BHP_FIRST_DAY_TRADES = 17_000; // 10 March 2014, Sydney

    @TempDir
    Path dir;

    private Process server;
    private Path log;
    private String key;
    private int port;
    private int httpPort;

    @BeforeEach
    void serveTheSample() throws Exception {
        Path data = dir.resolve("data");
        ok(k2("ingest", "--format", "asx-trades", SharedData.asx("trades/7078.csv").toString(), "--data-dir", data.toString()));
        ok(k2("cold", "sync", "--set", "cold.batchRows=30000", "--data-dir", data.toString()));
        ok(k2("ingest", "--format", "asx-quotes", SharedData.asx("quotes/7078.csv").toString(), "--data-dir", data.toString()));
        key = ok(k2("keys", "add", "tester", "--data-dir", data.toString())).out().trim();

        log = dir.resolve("serve.log");
        server = new ProcessBuilder(ColdCrashTest.javaCommand(dir, null, null, "serve", "--port", "0", "--http-port", "0",
            "--json", "--data-dir", data.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Pattern ports = Pattern.compile("\"port\":(\\d+),\"httpPort\":(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Matcher m;
        while (!(m = ports.matcher(Files.readString(log))).find()) {
            assertThat(server.isAlive()).as("k2 serve is running: " + Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("k2 serve never said where it listens: " + Files.readString(log))
                .isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        port = Integer.parseInt(m.group(1));
        httpPort = Integer.parseInt(m.group(2));
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void queriesSeeColdTradesAndHotQuotesAsOneExactView() {
        List<String> trades = lines(query("trades", "--symbol", "BHP", "--limit", "200000", "--format", "csv"));
        assertThat(trades).hasSize(BHP_TRADES + 1);
        assertThat(trades.get(0)).startsWith("venue,symbol,");

        List<String> quotes = lines(query("quotes", "--symbol", "BHP", "--limit", "5", "--order", "desc", "--format", "csv"));
        assertThat(quotes).hasSize(6);

        List<String> bars = lines(query("bars", "--symbol", "BHP", "--interval", "1h", "--from", "2014-03-09T13:00:00Z",
            "--to", "2014-03-10T13:00:00Z", "--format", "csv"));
        assertThat(bars.get(0)).isEqualTo("symbol,start,open,high,low,close,volume,vwap,trades");
        long barTrades = bars.stream().skip(1).mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1))).sum();
        assertThat(barTrades).isEqualTo(BHP_FIRST_DAY_TRADES);

        List<String> summary = lines(query("summary", "--symbol", "BHP", "--date", "2014-03-10", "--format", "csv"));
        assertThat(summary).hasSize(2);
        assertThat(summary.get(1)).endsWith("," + BHP_FIRST_DAY_TRADES);

        CommandLineRun page = query("trades", "--symbol", "BHP", "--limit", "3", "--format", "json");
        Matcher cursor = Pattern.compile("\"next_cursor\":\"([^\"]+)\"").matcher(page.out());
        assertThat(cursor.find()).as(page.out()).isTrue();
        CommandLineRun next = query("trades", "--symbol", "BHP", "--limit", "3", "--format", "csv", "--cursor", cursor.group(1));
        assertThat(lines(next).subList(1, 4)).doesNotContainAnyElementsOf(lines(query("trades", "--symbol", "BHP",
            "--limit", "3", "--format", "csv")));
    }

    @Test
    void wrongKeyExitsNonZeroNamingTheProblemAndHttpAsksForTheKey() throws Exception {
        CommandLineRun wrong = k2("query", "stats", "--port", Integer.toString(port), "--key", "k2_00000000_" + "A".repeat(43));
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).contains("UNAUTHENTICATED").contains("k2 keys add");

        CommandLineRun badTime = query("trades", "--from", "yesterday");
        assertThat(badTime.exitCode()).isEqualTo(2);
        assertThat(badTime.err()).contains("--from").contains("ISO-8601");

        HttpClient http = HttpClient.newHttpClient();
        URI stats = URI.create("http://127.0.0.1:" + httpPort + "/v1/stats");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(stats).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("\"error\"");
        HttpResponse<String> good = http.send(HttpRequest.newBuilder(stats).header("X-API-Key", key).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(good.body()).contains("trades").contains("quotes");
    }

    @Test
    void sigtermStopsTheServerCleanly() throws Exception {
        server.destroy(); // SIGTERM, as Ctrl-C
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("k2 serve exits on SIGTERM: " + Files.readString(log)).isTrue();
        assertThat(server.exitValue()).as(Files.readString(log)).isZero();
    }

    private CommandLineRun query(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--port";
        all[args.length + 1] = Integer.toString(port);
        all[args.length + 2] = "--key";
        all[args.length + 3] = key;
        String[] command = new String[all.length + 1];
        command[0] = "query";
        System.arraycopy(all, 0, command, 1, all.length);
        return k2(command);
    }

    private static List<String> lines(CommandLineRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().lines().toList();
    }

    private static CommandLineRun ok(CommandLineRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }
}
