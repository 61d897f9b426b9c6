package dev.k2.query.engine;

import static dev.k2.query.engine.HybridExactnessTest.assertSameRows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.persistence.cold.ColdSettings;
import dev.k2.query.api.Query;
import dev.k2.query.api.ResultStream;
import dev.k2.query.api.TickRow;
import dev.k2.query.hot.HotSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Subscribe from the past: history up to the journal end at subscription, then live, nothing missed or doubled. */
@Timeout(300)
class SubscriptionHandoverTest {
    @TempDir
    Path root;

    @ParameterizedTest(name = "slow subscriber over a tiny hot store: {0}")
    @ValueSource(booleans = {false, true})
    void subscribeFromThePastHandsOverToLiveWhileTicksKeepBeingAppended(boolean slow) throws Exception {
        MarketFixture market = new MarketFixture(root, slow ? 11 : 12).open();
        market.append(2000, 2 * MarketFixture.DAY_MICROS);
        market.sync();
        market.append(800, MarketFixture.DAY_MICROS / 2);
        long end = market.lastIndex();
        market.closeSink();
        HotSettings hot = slow ? new HotSettings(16, 4, 16, 1, 1) : HotSettings.defaults();
        try (HybridQueryService service = new HybridQueryService(market.dir, ColdSettings.embedded(market.dir), hot, 2)) {
            HybridExactnessTest.await(() -> service.hotStore().appliedThrough() >= end, "the tailer caught up");
            long from = MarketFixture.START_MICROS + MarketFixture.DAY_MICROS;
            Set<String> symbols = Set.of("BHP", "BTCUSDT");
            ResultStream<TickRow> stream = service.open(new Query.Subscribe(true, true, null, symbols, from));
            Semaphore available = new Semaphore(0);
            stream.onAvailable(available::release);

            Thread writer = new Thread(() -> {
                market.open();
                for (int i = 0; i < 20; i++) {
                    market.append(100, MarketFixture.DAY_MICROS / 20);
                }
                market.closeSink();
            }, "test-writer");
            List<TickRow> received = new ArrayList<>();
            if (slow) {
                writer.start();
                writer.join(); // everything is journaled (and long evicted from the hot store) before it reads
            } else {
                writer.start();
            }
            List<TickRow> journal = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                int n = stream.poll(1 + received.size() % 50, received::add);
                if (n == 0) {
                    if (!writer.isAlive() && journal == null) {
                        journal = market.journal(Long.MAX_VALUE);
                    }
                    if (journal != null && received.size() >= expected(journal, end, from, symbols).size()) {
                        break;
                    }
                    available.tryAcquire(50, TimeUnit.MILLISECONDS);
                }
                assertThat(n).isNotEqualTo(ResultStream.END);
            }
            writer.join();
            if (journal == null) {
                journal = market.journal(Long.MAX_VALUE);
            }
            List<TickRow> expected = expected(journal, end, from, symbols);
            assertThat(expected.stream().filter(r -> r.journalIndex() > end)).hasSizeGreaterThan(100);
            assertSameRows(received, expected, "subscription");
            assertThat(stream.poll(10, received::add)).isZero();
            stream.close();
            assertThat(stream.poll(10, received::add)).isEqualTo(ResultStream.END);
        }
    }

    /** History: ticks journaled up to {@code end} from {@code from} on in tick order; then newer ticks in journal order. */
    private static List<TickRow> expected(List<TickRow> journal, long end, long from, Set<String> symbols) {
        List<TickRow> history = new ArrayList<>();
        List<TickRow> live = new ArrayList<>();
        for (TickRow row : journal) {
            if (!symbols.contains(row.symbol())) {
                continue;
            }
            if (row.journalIndex() > end) {
                live.add(row);
            } else if (row.exchangeTimeMicros() >= from) {
                history.add(row);
            }
        }
        history.sort(TickRow::compare);
        history.addAll(live);
        return history;
    }
}
