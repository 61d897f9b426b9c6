package dev.k2.query.hot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.AssetClass;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.query.api.TickRow;
import dev.k2.query.api.TradeRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The newest-N selection of a hot ring equals a brute-force sort of everything appended (evicted
 * entries included) by tick order, for feeds in order, out of order and with equal times, at any
 * journal end; and it answers null exactly when eviction leaves the answer unprovable.
 */
class TickColumnsNewestTest {
    private final InstrumentRegistry registry = new InstrumentRegistry();
    private final Instrument bhp = registry.intern("ASX", "BHP", AssetClass.EQUITY);

    private record Entry(long time, long index, int record) {
    }

    private static final Comparator<Entry> NEWEST_FIRST = Comparator.comparingLong(Entry::time)
        .thenComparingLong(Entry::index).thenComparingInt(Entry::record).reversed();

    @Test
    void newestEqualsABruteForceSortForOrderedDisorderedAndTiedFeeds() {
        Random random = new Random(20261127);
        int unprovable = 0;
        int answered = 0;
        for (int round = 0; round < 400; round++) {
            int capacity = 1 << (2 + random.nextInt(6));
            int ticks = 1 + random.nextInt(300);
            int disorder = random.nextInt(4); // 0: in order; larger: more and wider jumps back in time
            TickColumns ring = new TickColumns(Math.min(4, capacity), capacity);
            List<Entry> appended = new ArrayList<>();
            long time = 1_000_000;
            long index = 10;
            int record = 0;
            TickEvent t = new TickEvent();
            for (int k = 0; k < ticks; k++) {
                time += random.nextInt(3); // equal times are common
                long at = disorder > 0 && random.nextInt(5) < disorder ? time - random.nextInt(50 * disorder) : time;
                if (random.nextBoolean()) {
                    index++;
                    record = 0;
                } else {
                    record++;
                }
                trade(t, at);
                ring.append(index, record, t);
                appended.add(new Entry(at, index, record));
            }
            int evicted = Math.max(0, ticks - capacity);
            for (int query = 0; query < 5; query++) {
                int n = 1 + random.nextInt(40);
                long journalEnd = random.nextInt(4) == 0 ? 10 + random.nextInt((int) (index - 9)) : index;
                List<Entry> visible = appended.stream().filter(e -> e.index() <= journalEnd).sorted(NEWEST_FIRST).toList();
                List<Entry> expected = visible.subList(0, Math.min(n, visible.size()));
                long evictedMaxTime = appended.subList(0, evicted).stream().mapToLong(Entry::time).max().orElse(Long.MIN_VALUE);
                List<Entry> held = appended.subList(evicted, ticks).stream().filter(e -> e.index() <= journalEnd)
                    .sorted(NEWEST_FIRST).toList();
                boolean provable = evicted == 0 || held.size() >= n && held.get(n - 1).time() >= evictedMaxTime;

                TickRow[] rows = ring.newest(n, journalEnd, registry);
                List<TickRow> fields = new ArrayList<>();
                int written = ring.newest(n, journalEnd, registry, (venue, symbol, channel, exchange, receive, seq,
                    tradeId, side, price, quantity, conditions, journalIndex, journalRecord) -> fields.add(new TradeRow(
                    venue, symbol, channel, exchange, receive, seq, tradeId, side, price, quantity, conditions,
                    journalIndex, journalRecord)));

                if (!provable) {
                    assertThat(rows).as("round %d: eviction makes the newest %d unprovable", round, n).isNull();
                    assertThat(written).as("field by field: nothing written").isEqualTo(-1);
                    assertThat(fields).isEmpty();
                    unprovable++;
                    continue;
                }
                assertThat(rows).as("round %d, n %d, journal end %d", round, n, journalEnd).isNotNull();
                List<Entry> actual = new ArrayList<>();
                for (TickRow row : rows) {
                    actual.add(new Entry(row.exchangeTimeMicros(), row.journalIndex(), row.journalRecord()));
                    assertThat(row.symbol()).isEqualTo("BHP");
                }
                assertThat(actual).as("round %d, n %d, journal end %d, disorder %d", round, n, journalEnd, disorder)
                    .isEqualTo(expected);
                assertThat(written).isEqualTo(rows.length);
                assertThat(fields).as("field by field: the same rows").containsExactly(rows);
                answered++;
            }
        }
        assertThat(answered).as("rounds that were provable").isGreaterThan(500);
        assertThat(unprovable).as("rounds where eviction hid the answer").isGreaterThan(10);
    }

    private void trade(TickEvent t, long micros) {
        t.kind = TickKind.TRADE;
        t.instrumentId = bhp.id();
        t.channel = 0;
        t.sequencePolicy = SequencePolicy.UNSEQUENCED;
        t.exchangeTimeNs = micros * 1_000;
        t.receiveTimeNs = micros * 1_000;
        t.tradeId = -1;
        t.side = Side.UNKNOWN;
        t.price = 100_000_000;
        t.quantity = 100_000_000;
    }
}
