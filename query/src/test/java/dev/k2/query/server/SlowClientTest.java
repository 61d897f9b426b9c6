package dev.k2.query.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.query.api.AsOf;
import dev.k2.query.api.Direction;
import dev.k2.query.api.Query;
import dev.k2.query.api.QueryService;
import dev.k2.query.api.ResultStream;
import dev.k2.query.api.TickFilter;
import dev.k2.query.api.TradeRow;
import dev.k2.query.protocol.RequestCodec;
import dev.k2.query.protocol.sbe.LogonAckDecoder;
import dev.k2.query.support.ListQueryService;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SlowClientTest {
    private static final int ROW_BYTES = 81;

    @TempDir
    Path dir;

    /** Trades queries get an endless stream that counts the rows it produced; the rest go to the list service. */
    private static final class EndlessTrades implements QueryService {
        final ListQueryService lists;
        final AtomicLong produced = new AtomicLong();

        EndlessTrades(ListQueryService lists) {
            this.lists = lists;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> ResultStream<R> open(Query<R> query) {
            if (!(query instanceof Query.Trades)) {
                return lists.open(query);
            }
            return (ResultStream<R>) new ResultStream<TradeRow>() {
                @Override
                public int poll(int max, Consumer<? super TradeRow> out) {
                    for (int i = 0; i < max; i++) {
                        long n = produced.incrementAndGet();
                        out.accept(ServerFixture.trade("ASX", "BHP", n, n));
                    }
                    return max;
                }

                @Override
                public void close() {
                    lists.closed.incrementAndGet();
                }
            };
        }
    }

    @Test
    void stopsPollingForAClientThatStopsReadingWhileServingOthers() throws Exception {
        ListQueryService lists = new ListQueryService();
        EndlessTrades endless = new EndlessTrades(lists);
        ServerSettings settings = ServerFixture.settings().withWriteBuffer(32 << 10, 64 << 10, 64 << 10);
        try (ServerFixture f = new ServerFixture(dir, settings, lists, endless, 1000);
             RawConnection slow = new RawConnection(f.port(), 16 << 10)) {
            slow.logon(f.key);
            assertThat(RawConnection.templateId(slow.readFrame())).isEqualTo(LogonAckDecoder.TEMPLATE_ID);
            slow.send(new RequestCodec().encode(UnpooledByteBufAllocator.DEFAULT, 1,
                new Query.Trades(TickFilter.all(), Direction.OLDEST_FIRST, Query.MAX_LIMIT, null, AsOf.LATEST)));

            // The stream advances until the socket buffers and the channel's high water mark are full, then stops.
            QueryServerTest.await(() -> f.server.stats().pausedForWritability() > 0);
            long settled = settle(endless.produced);
            long bufferBytes = (64 << 10) + (64 << 10) + (16 << 10) * 8 + 4 * (64 << 10);
            long bound = bufferBytes / ROW_BYTES + (RequestTask.CREDITS + 1L) * settings.batchRows() + 100_000;
            assertThat(settled).isLessThan(bound);

            // Another client is served normally meanwhile.
            lists.stats.add(new dev.k2.query.api.StatsRow("k2.trades", 1, 2, 3, 4, 5, 6, 0.5));
            assertThat(f.client().fetch(new Query.Stats()).rows()).hasSize(1);
            assertThat(endless.produced.get()).isEqualTo(settled);

            // Reading again resumes the stream; disconnecting closes it.
            for (int i = 0; i < 200; i++) {
                slow.readFrame();
            }
            QueryServerTest.await(() -> endless.produced.get() > settled);
            int closedBefore = lists.closed.get();
            slow.close();
            QueryServerTest.await(() -> lists.closed.get() == closedBefore + 1);
        }
    }

    /** Waits until the counter has not moved for 300 ms, and returns it. */
    private static long settle(AtomicLong counter) throws InterruptedException {
        long last = -1;
        while (true) {
            long now = counter.get();
            if (now == last) {
                return now;
            }
            last = now;
            Thread.sleep(300);
        }
    }
}
