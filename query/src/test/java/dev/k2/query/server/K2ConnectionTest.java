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
import dev.k2.query.api.StatsRow;
import dev.k2.query.api.SymbolRow;
import dev.k2.query.api.TickFilter;
import dev.k2.query.api.TradeRow;
import dev.k2.query.client.K2Client;
import dev.k2.query.client.K2Connection;
import dev.k2.query.client.Page;
import dev.k2.query.protocol.Frames;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The synchronous client over a real server on loopback: same answers as K2Client, and its failure paths. */
@Timeout(60)
class K2ConnectionTest {
    @TempDir
    Path dir;

    private static Query.Trades allTrades(Direction direction, int limit, Cursor cursor) {
        return new Query.Trades(TickFilter.all(), direction, limit, cursor, AsOf.LATEST);
    }

    @Test
    void answersEveryQueryKindWithTheRowsK2ClientGets() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings());
             K2Connection k2 = K2Connection.connect("127.0.0.1", f.port(), f.key)) {
            f.addTrades(30);
            for (int i = 0; i < 10; i++) {
                f.service.quotes.add(ServerFixture.quote("ASX", i % 2 == 0 ? "BHP" : "CBA", 2_000_000L + i, i));
            }
            f.service.bars.add(new Bar("ASX", "BHP", 60_000_000L, 1, 5, 0, 3, 700, 2, 4));
            f.service.symbols.add(new SymbolRow("ASX", "BHP", "EQUITY"));
            f.service.stats.add(new StatsRow("k2.trades", 10, 20, 7, 99, 120, 21, 1.5));
            K2Client async = f.client();
            List<Query<?>> queries = List.of(
                allTrades(Direction.OLDEST_FIRST, 100, null),
                new Query.Trades(new TickFilter("ASX", Set.of("BHP"), 1_000_003, 1_000_020), Direction.NEWEST_FIRST, 100,
                    null, AsOf.LATEST),
                new Query.Quotes(TickFilter.symbol("ASX", "CBA"), Direction.OLDEST_FIRST, 100, null, new AsOf.Snapshot(7)),
                new Query.LastTrades("ASX", "CBA", 2),
                new Query.LatestQuote("ASX", Set.of("BHP", "CBA")),
                new Query.Bars(TickFilter.all(), BarInterval.M1, 10, null, new AsOf.Timestamp(5)),
                new Query.Summary("ASX", "BHP", LocalDate.of(2024, 3, 1), null, AsOf.LATEST),
                new Query.Symbols(null),
                new Query.Stats());
            int compared = 0;
            for (Query<?> q : queries) {
                Page<?> expected = async.fetch(q);
                Page<?> actual = k2.fetch(q);
                assertThat(List.<Object>copyOf(actual.rows())).as("%s", q)
                    .containsExactlyElementsOf(List.<Object>copyOf(expected.rows()));
                compared += actual.rows().size();
                assertThat(actual.next()).as("%s", q).isEqualTo(expected.next());
            }

            assertThat(compared).isGreaterThan(40);

            f.service.lastTradesInMemory = true;
            assertThat(k2.fetch(new Query.LastTrades("ASX", "CBA", 2)).rows())
                .as("answered on the server's I/O thread").containsExactly(f.service.trades.get(28), f.service.trades.get(25));
            assertThat(f.server.stats().answeredFromMemory()).isEqualTo(1);
        }
    }

    @Test
    void streamsManyBatchesInOrderAndPagesWithCursorsWithoutOverlapOrGap() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings().withBatch(100, 64 << 10));
             K2Connection k2 = K2Connection.connect("127.0.0.1", f.port(), f.key)) {
            f.addTrades(5_000);
            List<TradeRow> seen = new ArrayList<>();
            Cursor cursor = null;
            int pages = 0;
            do {
                cursor = k2.forEach(allTrades(Direction.OLDEST_FIRST, 1_800, cursor), seen::add);
                pages++;
            } while (cursor != null);
            assertThat(pages).isEqualTo(3);
            assertThat(seen).containsExactlyElementsOf(f.service.trades);
        }
    }

    @Test
    void tradesFieldByFieldEqualTheRowObjectsAndAThrowingSinkCancels() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings().withBatch(100, 64 << 10));
             K2Connection k2 = K2Connection.connect("127.0.0.1", f.port(), f.key)) {
            f.addTrades(5_000);
            List<Query<TradeRow>> queries = List.of(new Query.LastTrades("ASX", "CBA", 250),
                allTrades(Direction.NEWEST_FIRST, 1_800, null));
            for (Query<TradeRow> q : queries) {
                List<TradeRow> fields = new ArrayList<>();
                Cursor next = k2.forEachTrade(q, (venue, symbol, channel, time, receive, seq, tradeId, side, price,
                    quantity, conditions, index, record) -> fields.add(new TradeRow(venue, symbol, channel, time, receive,
                    seq, tradeId, side, price, quantity, conditions, index, record)));
                Page<TradeRow> rows = k2.fetch(q);
                assertThat(fields).as("%s", q).hasSizeGreaterThan(200).containsExactlyElementsOf(rows.rows());
                assertThat(next).isEqualTo(rows.next());
            }

            IllegalStateException stop = new IllegalStateException("enough");
            int[] taken = {0};
            assertThatThrownBy(() -> k2.forEachTrade(allTrades(Direction.OLDEST_FIRST, 5_000, null),
                (v, s, c, t, r, q, i, d, p, n, k, x, y) -> {
                    if (++taken[0] == 10) {
                        throw stop;
                    }
                })).isSameAs(stop);
            assertThat(taken[0]).isEqualTo(10);
            assertThat(k2.fetch(new Query.LastTrades("ASX", "CBA", 1)).rows()).containsExactly(f.service.trades.get(4_999));
            assertThat(k2.forEachTrade(new Query.LastTrades("ASX", "NOPE", 1), (v, s, c, t, r, q, i, d, p, n, k, x, y) -> {
                throw new AssertionError("no such trades");
            })).isNull();
        }
    }

    @Test
    void aServerErrorFailsOnlyItsRequest() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings());
             K2Connection k2 = K2Connection.connect("127.0.0.1", f.port(), f.key)) {
            f.addTrades(30);
            f.service.lastTradesInMemory = true;
            f.service.memoryFailure = new QueryException(ErrorCode.NOT_FOUND, "unknown symbol XYZ");
            assertThatThrownBy(() -> k2.fetch(new Query.LastTrades("ASX", "XYZ", 5)))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("unknown symbol XYZ");
            f.service.memoryFailure = null;
            assertThat(k2.isOpen()).isTrue();
            assertThat(k2.fetch(new Query.LastTrades("ASX", "CBA", 1)).rows()).containsExactly(f.service.trades.get(28));
        }
    }

    @Test
    void aConsumerThatThrowsCancelsItsRequestAndTheConnectionGoesOn() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings().withBatch(100, 64 << 10));
             K2Connection k2 = K2Connection.connect("127.0.0.1", f.port(), f.key)) {
            f.addTrades(50_000);
            IllegalStateException stop = new IllegalStateException("enough");
            int[] taken = {0};
            assertThatThrownBy(() -> k2.forEach(allTrades(Direction.OLDEST_FIRST, 50_000, null), row -> {
                if (++taken[0] == 10) {
                    throw stop;
                }
            })).isSameAs(stop);
            assertThat(taken[0]).as("no row reaches the consumer after it threw").isEqualTo(10);
            assertThat(k2.isOpen()).isTrue();
            assertThat(k2.fetch(allTrades(Direction.NEWEST_FIRST, 3, null)).rows())
                .as("the next request reads its own answer, not the rest of the cancelled one")
                .containsExactly(f.service.trades.get(49_999), f.service.trades.get(49_998), f.service.trades.get(49_997));
        }
    }

    @Test
    void refusesAWrongKeyASubscriptionAndCallsAfterClose() {
        try (ServerFixture f = new ServerFixture(dir, ServerFixture.settings())) {
            assertThatThrownBy(() -> K2Connection.connect("127.0.0.1", f.port(), f.key.substring(0, f.key.length() - 2) + "xx"))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
                .hasMessageContaining("logon to 127.0.0.1:" + f.port() + " refused");
            K2Connection k2 = K2Connection.connect("127.0.0.1", f.port(), f.key);
            assertThatThrownBy(() -> k2.fetch(new Query.Subscribe(true, false, "ASX", Set.of("BHP"), null)))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageContaining("K2Client.subscribe");
            k2.close();
            assertThat(k2.isOpen()).isFalse();
            assertThatThrownBy(() -> k2.fetch(new Query.Stats()))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("closed");
        }
    }

    @Test
    void closeFromAnotherThreadEndsACallWaitingOnAServerThatStoppedAnswering() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (java.net.Socket s = silent.accept()) {
                    java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
                    in.readFully(new byte[Integer.reverseBytes(in.readInt())]); // the logon
                    io.netty.buffer.ByteBuf ack = new dev.k2.query.protocol.SessionEncoder().logonAck(
                        io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, Frames.MAX_VERSION, 1 << 20, 16, "silent");
                    byte[] bytes = new byte[ack.readableBytes()];
                    ack.readBytes(bytes);
                    ack.release();
                    s.getOutputStream().write(bytes);
                    in.readFully(new byte[Integer.reverseBytes(in.readInt())]); // a request, never answered
                    in.read(); // until the client goes away
                } catch (java.io.IOException e) {
                    // the client closed
                }
            });
            server.setDaemon(true);
            server.start();
            K2Connection k2 = K2Connection.connect("127.0.0.1", silent.getLocalPort(), "any-key");
            java.util.concurrent.CompletableFuture<Throwable> failed = new java.util.concurrent.CompletableFuture<>();
            Thread caller = new Thread(() -> {
                try {
                    k2.fetch(new Query.Stats());
                    failed.complete(null);
                } catch (Throwable t) {
                    failed.complete(t);
                }
            });
            caller.start();
            Thread.sleep(200);
            assertThat(failed).as("the call waits for the answer").isNotDone();
            k2.close();
            assertThat(failed.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            assertThat(k2.isOpen()).isFalse();
        }
    }

    @Test
    void aServerThatGoesAwayFailsTheCallWithUnavailable() {
        ServerFixture f = new ServerFixture(dir, ServerFixture.settings());
        int port = f.port();
        try (K2Connection k2 = K2Connection.connect("127.0.0.1", port, f.key)) {
            f.addTrades(10);
            assertThat(k2.fetch(new Query.LastTrades("ASX", "BHP", 1)).rows()).hasSize(1);
            f.close();
            assertThatThrownBy(() -> k2.fetch(new Query.LastTrades("ASX", "BHP", 1)))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("127.0.0.1:" + port);
            assertThat(k2.isOpen()).isFalse();
        }
        assertThatThrownBy(() -> K2Connection.connect("127.0.0.1", port, f.key))
            .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
            .hasMessageContaining("cannot connect");
    }
}
