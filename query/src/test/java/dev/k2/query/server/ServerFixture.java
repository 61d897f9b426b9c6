package dev.k2.query.server;

import dev.k2.engine.tick.Side;
import dev.k2.query.api.QueryService;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.TradeRow;
import dev.k2.query.auth.ApiKeyStore;
import dev.k2.query.client.K2Client;
import dev.k2.query.support.ListQueryService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A query server on 127.0.0.1 (ephemeral port) over a {@link ListQueryService}, with one API key. */
final class ServerFixture implements AutoCloseable {
    final ListQueryService service;
    final ApiKeyStore keys;
    final String key;
    final QueryServer server;
    private final List<K2Client> clients = new ArrayList<>();

    ServerFixture(Path dir, ServerSettings settings) {
        this(dir, settings, new ListQueryService(), 100_000);
    }

    ServerFixture(Path dir, ServerSettings settings, ListQueryService service, int rate) {
        this(dir, settings, service, service, rate);
    }

    ServerFixture(Path dir, ServerSettings settings, ListQueryService service, QueryService served, int rate) {
        this.service = service;
        this.keys = ApiKeyStore.open(dir.resolve("keys.tsv"));
        this.key = keys.add("tester", rate);
        this.server = QueryServer.start(served, keys, settings.withBind("127.0.0.1", 0));
    }

    static ServerSettings settings() {
        return ServerSettings.defaults();
    }

    K2Client client() {
        K2Client c = K2Client.connect("127.0.0.1", server.port(), key);
        synchronized (clients) {
            clients.add(c);
        }
        return c;
    }

    int port() {
        return server.port();
    }

    static TradeRow trade(String venue, String symbol, long time, long index) {
        return new TradeRow(venue, symbol, 1, time, time + 5, index, 1000 + index, index % 2 == 0 ? Side.BUY : Side.SELL,
            3_685_500_000L + index, 100_000_000L * (index + 1), 0, index, 0);
    }

    static QuoteRow quote(String venue, String symbol, long time, long index) {
        return new QuoteRow(venue, symbol, 2, time, time + 7, TradeRow.NONE, 100 + index, 5, 101 + index, 6, 3, index, 1);
    }

    /** {@code n} trades over two venues and three symbols, one microsecond apart. */
    void addTrades(int n) {
        String[] symbols = {"BHP", "CBA", "BTCUSDT"};
        for (int i = 0; i < n; i++) {
            String symbol = symbols[i % 3];
            service.trades.add(trade(symbol.equals("BTCUSDT") ? "BINANCE" : "ASX", symbol, 1_000_000L + i, i));
        }
    }

    @Override
    public void close() {
        synchronized (clients) {
            clients.forEach(K2Client::close);
        }
        server.close();
    }
}
