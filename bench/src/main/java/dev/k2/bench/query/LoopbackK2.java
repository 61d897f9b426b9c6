package dev.k2.bench.query;

import dev.k2.engine.tick.Side;
import dev.k2.query.api.Query;
import dev.k2.query.api.TradeFields;
import dev.k2.query.api.QueryService;
import dev.k2.query.api.ResultStream;
import dev.k2.query.auth.ApiKeyStore;
import dev.k2.query.client.K2Client;
import dev.k2.query.client.K2Connection;
import dev.k2.query.client.ResultIterator;
import dev.k2.query.server.QueryServer;
import dev.k2.query.server.ServerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * K2 over loopback: a {@link QueryServer} on 127.0.0.1 (ephemeral port) in front of an engine, and
 * a client, seen through the {@link QueryService} interface so the harness runs the same queries
 * either way. Request/response queries (last N trades, latest quote) go through the synchronous
 * {@link K2Connection}, as a latency-minded user would send them (last N field by field, through
 * {@link #lastTradesFromMemory}); everything else streams through one {@link K2Client} connection's
 * back-pressured iterator.
 */
public final class LoopbackK2 implements QueryService {
    private final QueryServer server;
    private final K2Client client;
    private final K2Connection connection;
    private final CountingFields counter = new CountingFields();

    /** @param keysFile where the benchmark's own API key is stored (a scratch file) */
    public LoopbackK2(QueryService engine, Path keysFile) {
        ApiKeyStore keys = ApiKeyStore.open(keysFile);
        String key = keys.add("bench", 10_000_000);
        this.server = QueryServer.start(engine, keys, ServerSettings.defaults().withBind("127.0.0.1", 0));
        this.client = K2Client.connect("127.0.0.1", server.port(), key);
        this.connection = K2Connection.connect("127.0.0.1", server.port(), key);
    }

    @Override
    public <R> ResultStream<R> open(Query<R> query) {
        if (query instanceof Query.LastTrades || query instanceof Query.LatestQuote) {
            List<R> page = connection.fetch(query).rows(); // request/response: the synchronous client
            return new ResultStream<>() {
                private int next;

                @Override
                public int poll(int max, Consumer<? super R> out) {
                    int n = 0;
                    while (n < max && next < page.size()) {
                        out.accept(page.get(next++));
                        n++;
                    }
                    return n == 0 ? END : n;
                }

                @Override
                public void close() {
                }
            };
        }
        ResultIterator<R> rows = client.iterate(query);
        return new ResultStream<>() {
            @Override
            public int poll(int max, Consumer<? super R> out) {
                int n = 0;
                while (n < max && rows.hasNext()) {
                    out.accept(rows.next());
                    n++;
                }
                return n == 0 ? END : n;
            }

            @Override
            public void close() {
                rows.close();
            }
        };
    }

    /**
     * Last trades field by field through {@link K2Connection#forEachTrade}: no row objects on the client,
     * as the other engines' targets read their columns. Over a socket the server decides where the answer
     * comes from (its memory, else a query thread), so this always answers.
     */
    @Override
    public int lastTradesFromMemory(Query.LastTrades query, TradeFields out) {
        counter.rows = 0;
        counter.out = out;
        connection.forEachTrade(query, counter);
        return counter.rows;
    }

    /** Counts the trades it passes on (one per connection: calls on it take turns). */
    private static final class CountingFields implements TradeFields {
        TradeFields out;
        int rows;

        @Override
        public void trade(String venue, String symbol, int channel, long exchangeTimeMicros, long receiveTimeMicros,
                          long sourceSeq, long tradeId, Side side, long price, long quantity, int conditions,
                          long journalIndex, int journalRecord) {
            rows++;
            out.trade(venue, symbol, channel, exchangeTimeMicros, receiveTimeMicros, sourceSeq, tradeId, side, price,
                quantity, conditions, journalIndex, journalRecord);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.close();
        server.close();
    }
}
