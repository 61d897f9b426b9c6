package dev.k2.query.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k2.query.api.AsOf;
import dev.k2.query.api.Bar;
import dev.k2.query.api.BarInterval;
import dev.k2.query.api.Cursor;
import dev.k2.query.api.Direction;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.Query;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.SnapshotRow;
import dev.k2.query.api.StatsRow;
import dev.k2.query.api.SymbolRow;
import dev.k2.query.api.TickFilter;
import dev.k2.query.api.TickRow;
import dev.k2.query.api.TradeRow;
import dev.k2.query.client.K2Client;
import dev.k2.query.client.Page;
import dev.k2.query.client.ResultIterator;
import dev.k2.query.client.ResultListener;
import dev.k2.query.protocol.Frames;
import dev.k2.query.protocol.sbe.ErrorDecoder;
import dev.k2.query.protocol.sbe.LogonAckDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class QueryServerTest {
    @TempDir
    Path dir;

    private static Query.Trades trades(TickFilter f, Direction d, int limit, Cursor c) {
        return new Query.Trades(f, d, limit, c, AsOf.LATEST);
    }

    @Test
    void aQueryTheEngineHoldsInMemoryIsAnsweredOnTheIoThreadWithTheSameRows() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings())) {
            f.addTrades(30);
            K2Client c = f.client();
            List<TradeRow> viaQueryThread = c.fetch(new Query.LastTrades("ASX", "CBA", 5)).rows();
            assertThat(f.server.stats().answeredFromMemory()).isZero();

            f.service.lastTradesInMemory = true;
            List<TradeRow> fromMemory = c.fetch(new Query.LastTrades("ASX", "CBA", 5)).rows();

            assertThat(fromMemory).hasSize(5).containsExactlyElementsOf(viaQueryThread);
            assertThat(f.service.openedFromMemory.get()).isEqualTo(1);
            assertThat(f.server.stats().answeredFromMemory()).isEqualTo(1);
            assertThat(f.service.closed.get()).isEqualTo(f.service.opened.get());

            f.service.memoryFailure = new QueryException(ErrorCode.NOT_FOUND, "unknown symbol XYZ");
            assertThatThrownBy(() -> c.fetch(new Query.LastTrades("ASX", "XYZ", 5)))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            f.service.memoryFailure = null;
            assertThat(c.fetch(new Query.LastTrades("ASX", "CBA", 5)).rows())
                .as("the connection outlives a refused memory answer").containsExactlyElementsOf(viaQueryThread);
        }
    }

    @Test
    void lastTradesEncodedFieldByFieldFromMemoryEqualTheRowPathAcrossFrames() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings().withBatch(100, 1024))) {
            f.addTrades(300);
            K2Client c = f.client();
            Query.LastTrades last = new Query.LastTrades("ASX", "CBA", 60);
            List<TradeRow> viaQueryThread = c.fetch(last).rows();

            f.service.lastTradesAsFields = true;
            List<TradeRow> asFields = c.fetch(last).rows();
            assertThat(asFields).hasSize(60).containsExactlyElementsOf(viaQueryThread);
            assertThat(c.fetch(new Query.LastTrades("BINANCE", "BTCUSDT", 3)).rows())
                .as("a second instrument is defined on the way").extracting(TradeRow::symbol).containsOnly("BTCUSDT");
            assertThat(f.service.writtenAsFields.get()).isEqualTo(2);
            assertThat(f.server.stats().answeredFromMemory()).isEqualTo(2);
            assertThat(f.service.openedFromMemory.get()).isZero();

            f.service.memoryFailure = new QueryException(ErrorCode.NOT_FOUND, "unknown symbol XYZ");
            assertThatThrownBy(() -> c.fetch(new Query.LastTrades("ASX", "XYZ", 5)))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            f.service.memoryFailure = null;
            assertThat(c.fetch(last).rows()).as("the connection outlives a refused answer")
                .containsExactlyElementsOf(viaQueryThread);
        }
    }

    @Test
    void roundTripsEveryQueryKind() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings())) {
            f.addTrades(30);
            for (int i = 0; i < 10; i++) {
                f.service.quotes.add(ServerFixture.quote("ASX", i % 2 == 0 ? "BHP" : "CBA", 2_000_000L + i, i));
            }
            Bar bar = new Bar("ASX", "BHP", 60_000_000L, 1, 5, 0, 3, 700, 2, 4);
            f.service.bars.add(bar);
            SymbolRow symbol = new SymbolRow("ASX", "BHP", "EQUITY");
            f.service.symbols.add(symbol);
            f.service.symbols.add(new SymbolRow("BINANCE", "BTCUSDT", "CRYPTO"));
            StatsRow stats = new StatsRow("k2.trades", 10, 20, 7, 99, 120, 21, 1.5);
            f.service.stats.add(stats);
            SnapshotRow snapshot = new SnapshotRow("k2.trades", 7, 123_456, 99, 10, "append");
            f.service.snapshots.add(snapshot);
            K2Client c = f.client();

            Page<TradeRow> all = c.trades(trades(TickFilter.all(), Direction.OLDEST_FIRST, 100, null));
            assertThat(all.rows()).containsExactlyElementsOf(f.service.trades);
            assertThat(all.next()).isNull();

            Page<TradeRow> bhp = c.trades(trades(new TickFilter("ASX", Set.of("BHP"), 1_000_003, 1_000_020),
                Direction.NEWEST_FIRST, 100, null));
            assertThat(bhp.rows()).extracting(TradeRow::exchangeTimeMicros).containsExactly(1_000_018L, 1_000_015L,
                1_000_012L, 1_000_009L, 1_000_006L, 1_000_003L);

            Page<QuoteRow> quotes = c.quotes(new Query.Quotes(TickFilter.symbol("ASX", "CBA"), Direction.OLDEST_FIRST,
                100, null, new AsOf.Snapshot(7)));
            assertThat(quotes.rows()).hasSize(5).allMatch(q -> q.symbol().equals("CBA"));
            assertThat(quotes.rows().get(0)).isEqualTo(f.service.quotes.get(1));

            assertThat(c.fetch(new Query.LastTrades("ASX", "CBA", 2)).rows())
                .containsExactly(f.service.trades.get(28), f.service.trades.get(25));
            assertThat(c.fetch(new Query.LatestQuote("ASX", Set.of("BHP"))).rows()).isEmpty();
            assertThat(c.fetch(new Query.Bars(TickFilter.all(), BarInterval.M1, 10, null, new AsOf.Timestamp(5))).rows())
                .containsExactly(bar);
            assertThat(c.fetch(new Query.Summary("ASX", "BHP", LocalDate.of(2024, 3, 1), null, AsOf.LATEST)).rows())
                .containsExactly(bar);
            assertThat(c.fetch(new Query.Symbols("ASX")).rows()).containsExactly(symbol);
            assertThat(c.fetch(new Query.Symbols(null)).rows()).hasSize(2);
            assertThat(c.fetch(new Query.Stats()).rows()).containsExactly(stats);
            assertThat(c.fetch(new Query.Snapshots(5)).rows()).containsExactly(snapshot);
            assertThat(f.service.closed.get()).isEqualTo(f.service.opened.get());
        }
    }

    @Test
    void pagesWithCursorsWithoutOverlapOrGap() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings())) {
            f.addTrades(2_500);
            K2Client c = f.client();
            List<TradeRow> seen = new ArrayList<>();
            Cursor cursor = null;
            int pages = 0;
            do {
                Page<TradeRow> page = c.trades(trades(TickFilter.all(), Direction.NEWEST_FIRST, 700, cursor));
                seen.addAll(page.rows());
                cursor = page.next();
                pages++;
            } while (cursor != null);
            List<TradeRow> expected = new ArrayList<>(f.service.trades);
            Collections.reverse(expected);
            assertThat(pages).isEqualTo(4);
            assertThat(seen).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void interleavesSeveralRequestsInFlightOnOneConnection() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings().withBatch(100, 64 << 10))) {
            f.addTrades(3_000);
            K2Client c = f.client();
            List<CompletableFuture<Page<TradeRow>>> futures = new ArrayList<>();
            for (String s : List.of("BHP", "CBA", "BTCUSDT", "BHP")) {
                futures.add(c.query(trades(new TickFilter(null, Set.of(s), TickFilter.MIN_TIME, TickFilter.MAX_TIME),
                    Direction.OLDEST_FIRST, 10_000, null)));
            }
            for (int i = 0; i < futures.size(); i++) {
                Page<TradeRow> page = futures.get(i).get(10, TimeUnit.SECONDS);
                assertThat(page.rows()).hasSize(1_000);
                assertThat(page.rows()).isSortedAccordingTo(TickRow::compare);
            }
            assertThat(f.server.stats().completed()).isEqualTo(4);
        }
    }

    @Test
    void iteratesALargeResultAtTheCallersPace() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings())) {
            f.addTrades(20_000);
            K2Client c = f.client();
            long count = 0;
            long lastIndex = -1;
            try (ResultIterator<TradeRow> it = c.iterate(trades(TickFilter.all(), Direction.OLDEST_FIRST, 15_000, null), 2_000)) {
                while (it.hasNext()) {
                    TradeRow r = it.next();
                    assertThat(r.journalIndex()).isGreaterThan(lastIndex);
                    lastIndex = r.journalIndex();
                    count++;
                }
                assertThat(it.nextCursor()).isNotNull();
            }
            assertThat(count).isEqualTo(15_000);
        }
    }

    @Test
    void subscribeReceivesPublishedTicksInOrderAndCancelReleasesTheStream() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings())) {
            K2Client c = f.client();
            List<TickRow> received = new CopyOnWriteArrayList<>();
            CompletableFuture<QueryException> ended = new CompletableFuture<>();
            long id = c.subscribe(new Query.Subscribe(true, true, "ASX", Set.of("BHP"), null), new ResultListener<>() {
                @Override
                public void onRows(List<TickRow> rows) {
                    received.addAll(rows);
                }

                @Override
                public void onError(QueryException error) {
                    ended.complete(error);
                }
            });
            await(() -> f.service.openSubscriptions() == 1);
            List<TickRow> published = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                TickRow row = i % 3 == 0 ? ServerFixture.quote("ASX", "BHP", i, i) : ServerFixture.trade("ASX", "BHP", i, i);
                f.service.publish(row);
                f.service.publish(ServerFixture.trade("ASX", "CBA", i, i));
                published.add(row);
            }
            await(() -> received.size() == 500);
            assertThat(received).containsExactlyElementsOf(published);

            int closedBefore = f.service.closed.get();
            c.cancel(id);
            assertThat(ended.get(5, TimeUnit.SECONDS).code()).isEqualTo(ErrorCode.CANCELLED);
            await(() -> f.service.closed.get() == closedBefore + 1);
            assertThat(f.service.openSubscriptions()).isZero();
            assertThat(f.server.stats().cancelled()).isEqualTo(1);
        }
    }

    @Test
    void disconnectClosesOpenStreams() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings())) {
            K2Client c = f.client();
            c.subscribe(new Query.Subscribe(true, false, null, Set.of(), null), rows -> { });
            c.subscribe(new Query.Subscribe(false, true, null, Set.of(), null), rows -> { });
            await(() -> f.service.openSubscriptions() == 2);
            c.close();
            await(() -> f.service.openSubscriptions() == 0);
            assertThat(f.service.closed.get()).isEqualTo(f.service.opened.get());
        }
    }

    @Test
    void refusesMissingWrongAndRevokedKeys() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings())) {
            int port = f.port();
            assertThatThrownBy(() -> K2Client.connect("127.0.0.1", port, ""))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
                .hasMessageContaining("no API key");
            assertThatThrownBy(() -> K2Client.connect("127.0.0.1", port, f.key.substring(0, f.key.length() - 2) + "xx"))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
            f.keys.revoke("tester");
            f.keys.reload();
            assertThatThrownBy(() -> K2Client.connect("127.0.0.1", port, f.key))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN))
                .hasMessageContaining("revoked");
            assertThat(f.server.stats().authFailures()).isEqualTo(3);
            assertThat(f.server.stats().logons()).isZero();
        }
    }

    @Test
    void revokingAKeyClosesItsOpenConnectionAtItsNextRequest() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings());
             K2Client client = K2Client.connect("127.0.0.1", f.port(), f.key)) {
            assertThat(client.fetch(new Query.Symbols(null)).rows()).isNotNull();
            f.keys.revoke("tester");
            f.keys.reload();
            assertThatThrownBy(() -> client.fetch(new Query.Symbols(null)))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN))
                .hasMessageContaining("revoked");
        }
    }

    @Test
    void refusesAnUnsupportedVersion() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings())) {
            assertThatThrownBy(() -> K2Client.connect("127.0.0.1", f.port(), f.key, 7, 9))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION))
                .hasMessageContaining("7..9");
            K2Client c = K2Client.connect("127.0.0.1", f.port(), f.key, 1, 5);
            assertThat(c.protocolVersion()).isEqualTo(Frames.MAX_VERSION);
            c.close();
        }
    }

    @Test
    void rateLimitsAKeyAfterItsBurst() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings(), new dev.k2.query.support.ListQueryService(), 2)) {
            K2Client c = f.client();
            List<CompletableFuture<Page<dev.k2.query.api.StatsRow>>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                futures.add(c.query(new Query.Stats()));
            }
            long limited = futures.stream().filter(fu -> {
                try {
                    fu.join();
                    return false;
                } catch (java.util.concurrent.CompletionException e) {
                    return ((QueryException) e.getCause()).code() == ErrorCode.RATE_LIMITED;
                }
            }).count();
            assertThat(limited).isGreaterThanOrEqualTo(5);
            assertThat(f.server.stats().rateLimited()).isEqualTo(limited);
        }
    }

    @Test
    void refusesRequestsOverTheInFlightLimit() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings().withMaxInFlight(2))) {
            K2Client c = f.client();
            c.subscribe(new Query.Subscribe(true, false, null, Set.of(), null), rows -> { });
            c.subscribe(new Query.Subscribe(true, false, null, Set.of(), null), rows -> { });
            assertThatThrownBy(() -> c.fetch(new Query.Stats()))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_IN_FLIGHT));
            assertThat(f.server.stats().tooManyInFlight()).isEqualTo(1);
        }
    }

    @Test
    void closesAConnectionThatSendsATooLargeFrame() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings().withMaxFrameBytes(4096));
             RawConnection raw = new RawConnection(f.port())) {
            raw.logon(f.key);
            assertThat(RawConnection.templateId(raw.readFrame())).isEqualTo(LogonAckDecoder.TEMPLATE_ID);
            raw.send(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(1 << 20).putInt(0).array());
            byte[] error = raw.readFrame();
            assertThat(RawConnection.templateId(error)).isEqualTo(ErrorDecoder.TEMPLATE_ID);
            assertThat(RawConnection.errorCode(error)).isEqualTo(ErrorCode.FRAME_TOO_LARGE.code());
            assertThat(raw.closedByServer()).isTrue();
            assertThat(f.server.stats().framesTooLarge()).isEqualTo(1);
            assertThat(f.client().fetch(new Query.Stats()).rows()).isEmpty();
        }
    }

    @Test
    void requiresLogonBeforeAnyRequest() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings());
             RawConnection raw = new RawConnection(f.port())) {
            raw.send(new dev.k2.query.protocol.RequestCodec().encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, 1,
                new Query.Stats()));
            byte[] error = raw.readFrame();
            assertThat(RawConnection.errorCode(error)).isEqualTo(ErrorCode.UNAUTHENTICATED.code());
            assertThat(raw.closedByServer()).isTrue();
            assertThat(f.service.opened.get()).isZero();
        }
    }

    @Test
    void servesManyConcurrentClients() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings())) {
            f.addTrades(600);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    int seed = t;
                    results.add(pool.submit(() -> {
                        try (K2Client c = K2Client.connect("127.0.0.1", f.port(), f.key)) {
                            int rows = 0;
                            for (int q = 0; q < 50; q++) {
                                int limit = 1 + (seed * 50 + q) % 300;
                                Page<TradeRow> page = c.trades(trades(TickFilter.all(), Direction.OLDEST_FIRST, limit, null));
                                assertThat(page.rows()).hasSize(limit);
                                assertThat(page.rows().get(0)).isEqualTo(f.service.trades.get(0));
                                rows += page.rows().size();
                            }
                            return rows;
                        }
                    }));
                }
                for (Future<Integer> r : results) {
                    assertThat(r.get(50, TimeUnit.SECONDS)).isPositive();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(f.server.stats().completed()).isEqualTo(16 * 50);
            await(() -> f.server.stats().openConnections() == 0);
            assertThat(f.service.closed.get()).isEqualTo(f.service.opened.get());
        }
    }

    @Test
    void failsOnlyTheRequestTheEngineRefuses() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings(),
            new dev.k2.query.support.ListQueryService(),
            dev.k2.query.support.ListQueryService.failing(ErrorCode.NOT_FOUND, "no snapshot 42"), 1000)) {
            K2Client c = f.client();
            assertThatThrownBy(() -> c.fetch(new Query.Stats()))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("no snapshot 42");
            assertThat(c.isConnected()).isTrue();
        }
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 20 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
