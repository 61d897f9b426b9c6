package dev.k2.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.tick.Side;
import dev.k2.query.api.Bar;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.Query;
import dev.k2.query.api.QueryService;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.ResultStream;
import dev.k2.query.api.SnapshotRow;
import dev.k2.query.api.StatsRow;
import dev.k2.query.api.SymbolRow;
import dev.k2.query.api.TickRow;
import dev.k2.query.api.TradeRow;
import dev.k2.query.auth.ApiKeyStore;
import dev.k2.query.support.ListQueryService;
import io.netty.util.ResourceLeakDetector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class HttpQueryServerTest {
    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    /** 2014-03-10T00:00:00Z in epoch micros. */
    static final long T0 = 1_394_409_600_000_000L;
    static final Pattern CURSOR = Pattern.compile("\"next_cursor\":\"([A-Za-z0-9_-]+)\"");

    @TempDir
    Path dir;
    ListQueryService service;
    ApiKeyStore keys;
    String key;
    String revokedKey;
    String slowKey;
    HttpQueryServer server;
    HttpClient client;

    @BeforeEach
    void start() {
        keys = ApiKeyStore.open(dir.resolve("keys.tsv"));
        key = keys.add("tester", 100_000);
        revokedKey = keys.add("gone", 10);
        keys.revoke("gone");
        slowKey = keys.add("slow", 1);
        service = new ListQueryService();
        for (int i = 0; i < 10; i++) {
            service.trades.add(trade(i % 2 == 0 ? "BHP" : "CBA", T0 + 1 + i * 1_000_000L, 12_345_678_901L + i, 100_000_000L, i));
        }
        service.trades.add(new TradeRow("BINANCE", "BTCUSDT", 0, T0 + 500, T0 + 600, 7, 99, Side.SELL,
            6_543_210_000_000L, 1L, 0, 100, 0));
        service.quotes.add(new QuoteRow("ASX", "BHP", 0, T0 + 2, T0 + 3, TickRow.NONE, 3_680_000_000L, 500_000_000L,
            3_681_000_000L, 250_000_000L, 0, 20, 0));
        service.bars.add(new Bar("ASX", "BHP", T0, 12_345_678_901L, 12_400_000_000L, 12_300_000_000L, 12_345_000_000L,
            150_000_000L, 12_345_500_000L, 3));
        service.bars.add(new Bar("ASX", "CBA", T0 + 60_000_000L, 8_000_000_000L, 8_000_000_000L, 8_000_000_000L,
            8_000_000_000L, 100_000_000L, 8_000_000_000L, 1));
        service.symbols.add(new SymbolRow("ASX", "BHP", "equity"));
        service.symbols.add(new SymbolRow("BINANCE", "BTCUSDT", "crypto"));
        service.stats.add(new StatsRow("k2.trades", 1000, 20, 42, 999, 1020, 21, 0.5));
        service.snapshots.add(new SnapshotRow("k2.trades", 42, T0, 999, 1000, "append"));
        server = startServer(service, HttpServerConfig.defaults().withPort(0).withBatchRows(3));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private HttpQueryServer startServer(QueryService s, HttpServerConfig config) {
        HttpQueryServer srv = new HttpQueryServer(s, keys, config);
        srv.start();
        return srv;
    }

    static TradeRow trade(String symbol, long time, long price, long quantity, int index) {
        return new TradeRow("ASX", symbol, 0, time, time + 5, TickRow.NONE, 1000 + index, Side.BUY, price, quantity, 0,
            index, 0);
    }

    HttpResponse<String> get(String target, String apiKey) throws Exception {
        return get(server, target, apiKey);
    }

    HttpResponse<String> get(HttpQueryServer srv, String target, String apiKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + srv.port() + target)).GET();
        if (apiKey != null) {
            b.header("X-API-Key", apiKey);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The test's service, whose queries wait (on the query pool) until {@code release} opens. */
    private QueryService heldUntil(CountDownLatch release) {
        return new QueryService() {
            @Override
            public <R> ResultStream<R> open(Query<R> query) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return service.open(query);
            }
        };
    }

    static void assertEnvelope(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(r.body()).startsWith("{\"error\":{\"code\":\"" + code + "\",\"status\":" + status + ",\"message\":\"");
    }

    // ---- endpoints ----

    @Test
    void tradesAreJsonWithExactDecimalStringsAndIsoMicrosecondTimes() throws Exception {
        var r = get("/v1/trades?symbol=BHP&limit=1", key);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(r.body()).startsWith("{\"rows\":[{\"venue\":\"ASX\",\"symbol\":\"BHP\","
            + "\"time\":\"2014-03-10T00:00:00.000001Z\",\"receive_time\":\"2014-03-10T00:00:00.000006Z\","
            + "\"channel\":0,\"seq\":null,\"trade_id\":1000,\"side\":\"buy\",\"price\":\"123.45678901\","
            + "\"quantity\":\"1\",\"conditions\":0,\"journal_index\":0,\"journal_record\":0}],\"next_cursor\":\"");
    }

    @Test
    void tradesFilterByVenueSymbolListAndTimeRange() throws Exception {
        var bySymbols = get("/v1/trades?venue=ASX&symbol=BHP,CBA&from=2014-03-10T00:00:02Z&to=" + (T0 + 5_000_000L), key);
        var repeated = get("/v1/trades?symbol=BHP&symbol=BTCUSDT&from=2014-03-10&order=desc", key);

        assertThat(times(bySymbols.body())).containsExactly("2014-03-10T00:00:02.000001Z",
            "2014-03-10T00:00:03.000001Z", "2014-03-10T00:00:04.000001Z");
        assertThat(symbols(repeated.body())).containsExactly("BHP", "BHP", "BHP", "BHP", "BTCUSDT", "BHP");
        assertThat(repeated.body()).contains("\"price\":\"65432.1\"", "\"side\":\"sell\"", "\"seq\":7");
    }

    @Test
    void pagingFollowsNextCursorUntilNullWithoutOverlapOrGap() throws Exception {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var r = get("/v1/trades?venue=ASX&limit=4" + (cursor == null ? "" : "&cursor=" + cursor), key);
            assertThat(r.statusCode()).isEqualTo(200);
            seen.addAll(times(r.body()));
            Matcher m = CURSOR.matcher(r.body());
            cursor = m.find() ? m.group(1) : null;
            if (cursor == null) {
                assertThat(r.body()).endsWith("\"next_cursor\":null}\n");
            }
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(10).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void quotesLastAndLatestEndpointsAnswer() throws Exception {
        var quotes = get("/v1/quotes?symbol=BHP&format=csv", key);
        var last = get("/v1/last?symbol=BHP&n=2", key);
        var latest = get("/v1/latest?symbol=BHP", key);

        assertThat(quotes.body()).isEqualTo(
            "venue,symbol,time,receive_time,channel,seq,bid_price,bid_size,ask_price,ask_size,conditions,journal_index,journal_record\n"
                + "ASX,BHP,2014-03-10T00:00:00.000002Z,2014-03-10T00:00:00.000003Z,0,,36.8,5,36.81,2.5,0,20,0\n");
        assertThat(times(last.body())).containsExactly("2014-03-10T00:00:08.000001Z", "2014-03-10T00:00:06.000001Z");
        assertThat(latest.statusCode()).isEqualTo(200);
        assertThat(latest.body()).isEqualTo("{\"rows\":[],\"next_cursor\":null}\n");
    }

    @Test
    void lastTradesTakenFieldByFieldAreWrittenExactlyAsTheQueryPoolWritesThem() throws Exception {
        // this server formats 3 rows per batch: answers of fewer rows are taken field by field
        var pooled = get("/v1/last?venue=ASX&symbol=BHP&n=2", key);
        var pooledCsv = get("/v1/last?symbol=BHP&n=2&format=csv", key);
        var pooledOne = get("/v1/last?symbol=BHP&n=1", key);

        service.lastTradesAsFields = true;
        var held = get("/v1/last?venue=ASX&symbol=BHP&n=2", key);
        var heldCsv = get("/v1/last?symbol=BHP&n=2&format=csv", key);
        var heldOne = get("/v1/last?symbol=BHP&n=1", key); // after a longer answer: nothing of it is left over
        assertThat(service.writtenAsFields.get()).isEqualTo(3);
        var fullBatch = get("/v1/last?symbol=BHP&n=3", key);
        assertThat(service.writtenAsFields.get()).as("a full batch goes the row-object way").isEqualTo(3);

        assertThat(service.openedFromMemory.get()).isZero();
        assertThat(held.statusCode()).isEqualTo(200);
        assertThat(fullBatch.statusCode()).isEqualTo(200);
        assertThat(times(fullBatch.body())).hasSize(3);
        // the same rows, written the same way; an answer from memory is complete, so it has no next cursor
        assertThat(held.body()).endsWith("\"next_cursor\":null}\n");
        assertThat(rowsOf(held.body())).isEqualTo(rowsOf(pooled.body()));
        assertThat(times(held.body())).hasSize(2);
        assertThat(heldCsv.body()).isEqualTo(pooledCsv.body());
        assertThat(rowsOf(heldOne.body())).isEqualTo(rowsOf(pooledOne.body()));
        assertThat(times(heldOne.body())).hasSize(1);
        assertThat(held.headers().firstValue("content-type")).isEqualTo(pooled.headers().firstValue("content-type"));
    }

    /** A JSON answer's rows array, without the next cursor. */
    private static String rowsOf(String json) {
        return json.substring(0, json.lastIndexOf(",\"next_cursor\":"));
    }

    @Test
    void lastTradesHeldInMemoryAreAnsweredOnTheEventLoopExactlyAsByTheQueryPool() throws Exception {
        var pooled = get("/v1/last?venue=ASX&symbol=BHP&n=3", key);
        var pooledCsv = get("/v1/last?symbol=BHP&n=2&format=csv", key);
        assertThat(service.openedFromMemory.get()).isZero();

        service.lastTradesInMemory = true;
        var held = get("/v1/last?venue=ASX&symbol=BHP&n=3", key);
        var heldCsv = get("/v1/last?symbol=BHP&n=2&format=csv", key);
        assertThat(service.openedFromMemory.get()).isEqualTo(2);
        assertThat(held.statusCode()).isEqualTo(200);
        assertThat(held.body()).isEqualTo(pooled.body());
        assertThat(held.headers().firstValue("content-type")).isEqualTo(pooled.headers().firstValue("content-type"));
        assertThat(heldCsv.body()).isEqualTo(pooledCsv.body());
        assertThat(times(held.body())).hasSize(3);

        // keys and rate limits hold on this path too, checked before the engine does any work; a request too
        // large for it goes to the pool
        assertEnvelope(get("/v1/last?symbol=BHP&n=1", null), 401, "UNAUTHENTICATED");
        assertEnvelope(get("/v1/last?symbol=BHP&n=1", revokedKey), 403, "FORBIDDEN");
        assertThat(service.openedFromMemory.get()).as("refused keys cost the engine nothing").isEqualTo(2);
        assertThat(get("/v1/last?symbol=BHP&n=1", slowKey).statusCode()).isEqualTo(200);
        assertEnvelope(get("/v1/last?symbol=BHP&n=1", slowKey), 429, "RATE_LIMITED");
        int fromMemory = service.openedFromMemory.get();
        assertThat(get("/v1/last?symbol=BHP&n=" + (QueryExchange.MEMORY_MAX_ROWS + 1), key).statusCode()).isEqualTo(200);
        assertThat(service.openedFromMemory.get()).isEqualTo(fromMemory);
        assertThat(service.closed.get()).isEqualTo(service.opened.get());
    }

    @Test
    void barsCsvHasTheExactHeaderAndExactDecimals() throws Exception {
        var r = get("/v1/bars/1m?symbol=BHP,CBA&format=csv", key);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8; header=present");
        assertThat(r.body()).isEqualTo("symbol,start,open,high,low,close,volume,vwap,trades\n"
            + "BHP,2014-03-10T00:00:00.000000Z,123.45678901,124,123,123.45,1.5,123.455,3\n"
            + "CBA,2014-03-10T00:01:00.000000Z,80,80,80,80,1,80,1\n");
    }

    @Test
    void summarySymbolsStatsAndSnapshotsEndpointsAnswer() throws Exception {
        var summary = get("/v1/summary/BHP/2014-03-10?zone=Australia/Sydney", key);
        var symbols = get("/v1/symbols?venue=BINANCE", key);
        var stats = get("/v1/stats", key);
        var snapshots = get("/v1/snapshots?limit=5&format=csv", key);

        assertThat(summary.body()).startsWith("{\"rows\":[{\"symbol\":\"BHP\",\"start\":\"2014-03-10T00:00:00.000000Z\","
            + "\"open\":\"123.45678901\"");
        assertThat(symbols.body()).isEqualTo(
            "{\"rows\":[{\"venue\":\"BINANCE\",\"symbol\":\"BTCUSDT\",\"asset_class\":\"crypto\"}],\"next_cursor\":null}\n");
        assertThat(stats.body()).contains("\"table\":\"k2.trades\",\"cold_rows\":1000", "\"lag_seconds\":0.5");
        assertThat(snapshots.body()).isEqualTo("table,snapshot_id,committed_at,watermark,added_rows,operation\n"
            + "k2.trades,42,2014-03-10T00:00:00.000000Z,999,1000,append\n");
    }

    // ---- auth ----

    @Test
    void missingKeyIs401() throws Exception {
        assertEnvelope(get("/v1/trades", null), 401, "UNAUTHENTICATED");
    }

    @Test
    void wrongKeyIs403AndTheKeyIsNotEchoed() throws Exception {
        String wrong = key.substring(0, key.length() - 2) + "xx";
        var r = get("/v1/trades", wrong);
        assertEnvelope(r, 403, "FORBIDDEN");
        assertThat(r.body()).doesNotContain(wrong);
        assertEnvelope(get("/v1/trades", "nonsense"), 403, "FORBIDDEN");
    }

    @Test
    void revokedKeyIs403() throws Exception {
        var r = get("/v1/stats", revokedKey);
        assertEnvelope(r, 403, "FORBIDDEN");
        assertThat(r.body()).contains("revoked");
    }

    @Test
    void overTheKeysRateIs429WithRetryAfter() throws Exception {
        var first = get("/v1/stats", slowKey);
        var second = get("/v1/stats", slowKey);

        assertThat(first.statusCode()).isEqualTo(200);
        assertEnvelope(second, 429, "RATE_LIMITED");
        assertThat(second.headers().firstValue("retry-after")).hasValue("1");
    }

    // ---- errors ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/v1/trades?limit=0|'limit'",
        "/v1/trades?limit=abc|'limit'",
        "/v1/trades?limit=1000001|1 to 1000000",
        "/v1/trades?order=up|'order'",
        "/v1/trades?from=yesterday|ISO-8601",
        "/v1/trades?from=2014-03-11T00:00:00Z&to=2014-03-10T00:00:00Z|'from'",
        "/v1/trades?cursor=zzz|'cursor'",
        "/v1/trades?format=xml|'format'",
        "/v1/trades?colour=red|'colour'",
        "/v1/trades?venue=|'venue'",
        "/v1/trades?limit=1&limit=2|'limit'",
        "/v1/trades?symbol=BHP,,CBA|'symbol'",
        "/v1/quotes?as_of=last-week|'as_of'",
        "/v1/bars/2m|1s, 1m, 5m, 15m, 1h, 1d",
        "/v1/bars/1m?order=desc|'order'",
        "/v1/summary/BHP/10-03-2014|yyyy-MM-dd",
        "/v1/summary/BHP/2014-03-10?zone=Mars/Olympus|'zone'",
        "/v1/last?n=5|'symbol'",
        "/v1/snapshots?limit=-1|'limit'",
    })
    void badParametersAre400NamingTheParameter(String target, String named) throws Exception {
        var r = get(target, key);
        assertEnvelope(r, 400, "BAD_REQUEST");
        assertThat(r.body()).contains(named);
    }

    @Test
    void unknownPathIs404InTheEnvelope() throws Exception {
        var r = get("/v1/orders", key);
        assertEnvelope(r, 404, "NOT_FOUND");
        assertThat(r.body()).contains("/v1/trades");
        assertEnvelope(get("/", key), 404, "NOT_FOUND");
        assertEnvelope(get("/v1/trades/extra", key), 404, "NOT_FOUND");
    }

    @Test
    void otherMethodsAre405WithAllowGet() throws Exception {
        var r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/trades"))
            .header("X-API-Key", key).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEnvelope(r, 405, "METHOD_NOT_ALLOWED");
        assertThat(r.headers().firstValue("allow")).hasValue("GET");
    }

    @Test
    void engineErrorsKeepTheirCodeAndUnexpectedOnesAre500() throws Exception {
        try (HttpQueryServer unavailable = startServer(ListQueryService.failing(ErrorCode.UNAVAILABLE, "cold store offline"),
                 HttpServerConfig.defaults().withPort(0));
             HttpQueryServer broken = startServer(new QueryService() {
                 @Override
                 public <R> dev.k2.query.api.ResultStream<R> open(dev.k2.query.api.Query<R> query) {
                     throw new IllegalStateException("secret internals");
                 }
             }, HttpServerConfig.defaults().withPort(0))) {
            var r = get(unavailable, "/v1/stats", key);
            assertEnvelope(r, 503, "UNAVAILABLE");
            assertThat(r.body()).contains("cold store offline");

            var b = get(broken, "/v1/stats", key);
            assertEnvelope(b, 500, "INTERNAL");
            assertThat(b.body()).doesNotContain("secret internals");
        }
    }

    // ---- connections and limits ----

    @Test
    void severalRequestsShareOneKeepAliveConnection() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            for (String target : List.of("/v1/stats", "/v1/trades?limit=1", "/v1/nowhere", "/v1/symbols")) {
                raw.send(RawHttp.get(target, key));
                RawHttp.Response r = raw.read();
                assertThat(r.status()).isEqualTo(target.equals("/v1/nowhere") ? 404 : 200);
                assertThat(r.header("connection")).isNull();
            }
            // pipelined: both in one write, answered in order
            raw.send(RawHttp.get("/v1/symbols?venue=ASX", key) + RawHttp.get("/v1/trades?venue=BINANCE", key));
            assertThat(raw.read().body()).contains("\"asset_class\":\"equity\"");
            assertThat(raw.read().body()).contains("BTCUSDT");
        }
    }

    @Test
    void manyPipelinedRequestsPauseReadingAndAreAllAnsweredInOrder() throws Exception {
        int requests = 3 * HttpQueryHandler.MAX_QUEUED + 1;
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < requests; i++) {
            burst.append(RawHttp.get(i % 2 == 0 ? "/v1/symbols?venue=ASX" : "/v1/trades?venue=BINANCE", key));
        }
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(burst.toString());
            for (int i = 0; i < requests; i++) {
                RawHttp.Response r = raw.read();
                assertThat(r.status()).as("answer %d", i).isEqualTo(200);
                assertThat(r.body()).as("answer %d", i).contains(i % 2 == 0 ? "\"asset_class\":\"equity\"" : "BTCUSDT");
            }
            raw.send(RawHttp.get("/v1/stats", key)); // reading resumed: the connection goes on
            assertThat(raw.read().status()).isEqualTo(200);
        }
        assertThat(service.closed.get()).isEqualTo(service.opened.get());
    }

    @Test
    void thousandsOfPipelinedRequestsQueuedBehindASlowOneAreAllAnswered() throws Exception {
        // the first is held on the query pool while the rest queue up; each of those is then refused at once
        // on the event loop (no key), its answer written while the next starts: one loop, not one more
        // level of recursion per queued request
        CountDownLatch release = new CountDownLatch(1);
        QueryService held = heldUntil(release);
        HttpQueryServer srv = startServer(held, HttpServerConfig.defaults().withPort(0));
        int requests = 3_000;
        String tiny = "GET /v1/last?symbol=B HTTP/1.1\r\n\r\n";
        try (RawHttp raw = new RawHttp(srv.port())) {
            raw.send(RawHttp.get("/v1/stats", key) + tiny.repeat(requests));
            Thread.sleep(200); // lets the server queue what it reads behind the held request (holds either way)
            release.countDown();
            assertThat(raw.read().status()).isEqualTo(200);
            for (int i = 0; i < requests; i++) {
                assertThat(raw.read().status()).as("answer %d", i).isEqualTo(401);
            }
            raw.send(RawHttp.get("/v1/stats", key));
            assertThat(raw.read().status()).as("the connection goes on").isEqualTo(200);
        } finally {
            srv.close();
        }
    }

    @Test
    void aClientThatClosesItsSideAfterItsRequestsGetsEveryAnswerThenTheServerCloses() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        QueryService held = heldUntil(release); // the first query still runs when the client's end of input arrives
        HttpQueryServer srv = startServer(held, HttpServerConfig.defaults().withPort(0));
        try (RawHttp raw = new RawHttp(srv.port())) {
            raw.send(RawHttp.get("/v1/symbols?venue=ASX", key) + RawHttp.get("/v1/stats", key));
            raw.shutdownOutput();
            Thread.sleep(200); // lets the server read the end of input first (the assertions hold in either order)
            release.countDown();
            RawHttp.Response first = raw.read();
            RawHttp.Response second = raw.read();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).contains("\"asset_class\":\"equity\"");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).contains("k2.trades");
            assertThat(raw.atEnd()).as("closed after the last answer").isTrue();
        } finally {
            srv.close();
        }
        assertThat(service.closed.get()).isEqualTo(service.opened.get());
    }

    @Test
    void longResultIsStreamedInChunksWithTheCursorInBodyAndTrailer() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(RawHttp.get("/v1/trades?venue=ASX&limit=7", key));
            RawHttp.Response r = raw.read();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(times(r.body())).hasSize(7);
            Matcher m = CURSOR.matcher(r.body());
            assertThat(m.find()).isTrue();
            assertThat(r.trailers()).containsEntry("x-next-cursor", m.group(1));

            raw.send(RawHttp.get("/v1/trades?venue=ASX&format=csv", key)); // the same connection goes on
            RawHttp.Response csv = raw.read();
            assertThat(csv.body().lines()).hasSize(11);
            assertThat(csv.trailers()).doesNotContainKey("x-next-cursor");
        }
        assertThat(service.closed.get()).isEqualTo(service.opened.get());
    }

    @Test
    void clientLeavingMidStreamClosesTheResultStream() throws Exception {
        for (int i = 0; i < 20_000; i++) {
            service.trades.add(trade("BIG", T0 + 100_000_000L + i, 1, 1, 100 + i));
        }
        try (HttpQueryServer small = startServer(service, HttpServerConfig.defaults().withPort(0).withBatchRows(16))) {
            try (RawHttp raw = new RawHttp(small.port())) {
                raw.send(RawHttp.get("/v1/trades?symbol=BIG&limit=20000", key));
                assertThat(raw.readHead().status()).isEqualTo(200);
            }
            while (service.closed.get() < service.opened.get()) {
                Thread.sleep(10);
            }
        }
    }

    @Test
    void tooLongUriIs414AndTheConnectionCloses() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(RawHttp.get("/v1/trades?symbol=" + "A".repeat(10_000), key));
            RawHttp.Response r = raw.read();
            assertThat(r.status()).isEqualTo(414);
            assertThat(r.body()).startsWith("{\"error\":{\"code\":\"URI_TOO_LONG\",\"status\":414,");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void tooLargeHeadersAre431() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET /v1/stats HTTP/1.1\r\nHost: x\r\nX-API-Key: " + key + "\r\nX-Filler: " + "f".repeat(20_000) + "\r\n\r\n");
            RawHttp.Response r = raw.read();
            assertThat(r.status()).isEqualTo(431);
            assertThat(r.body()).startsWith("{\"error\":{\"code\":\"HEADERS_TOO_LARGE\",\"status\":431,");
        }
    }

    @Test
    void tooLargeBodyIs413() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET /v1/stats HTTP/1.1\r\nHost: x\r\nX-API-Key: " + key + "\r\nContent-Length: 100000\r\n\r\n");
            RawHttp.Response r = raw.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).startsWith("{\"error\":{\"code\":\"PAYLOAD_TOO_LARGE\",\"status\":413,");
        }
    }

    @Test
    void everyStreamIsClosedAfterItsResponse() throws Exception {
        get("/v1/trades?limit=2", key);
        get("/v1/trades?venue=ASX", key);
        get("/v1/bars/1h", key);
        get("/v1/trades?limit=1&cursor=AAAA", key);
        assertThat(service.opened.get()).isEqualTo(3);
        assertThat(service.closed.get()).isEqualTo(3);
    }

    private static List<String> times(String body) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"time\":\"([^\"]+)\"|^ASX,[A-Z]+,([^,]+),", Pattern.MULTILINE).matcher(body);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }

    private static List<String> symbols(String body) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"symbol\":\"([^\"]+)\"").matcher(body);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
