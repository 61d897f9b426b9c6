package dev.k2.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.tick.Side;
import dev.k2.query.api.ResultStream;
import dev.k2.query.api.Trade;
import dev.k2.query.api.TradeRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldTradesTest {
    @Test
    void handsOutEachHeldRowThroughTheViewAndStartsEmptyAfterClear() {
        HeldTrades held = new HeldTrades();
        List<TradeRow> large = rows(HeldTrades.KEEP_ROWS + 72, 1_000);
        large.forEach(r -> write(held, r));

        assertThat(drain(held, 50)).isEqualTo(large);
        assertThat(held.poll(10, r -> { })).isEqualTo(ResultStream.END);

        List<TradeRow> small = rows(2, 5_000);
        held.clear(); // after more than KEEP_ROWS rows, its columns are dropped and grow again
        small.forEach(r -> write(held, r));
        assertThat(drain(held, 10)).as("nothing of the larger answer is left").isEqualTo(small);
    }

    private static List<TradeRow> rows(int n, long first) {
        List<TradeRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new TradeRow("ASX", "S" + (i % 3), i % 2, first + i, first + i + 5, i % 7 == 0 ? Long.MIN_VALUE : i,
                first * 10 + i, i % 2 == 0 ? Side.BUY : Side.SELL, 100_000_000L + i, 1_000 + i, i % 4, first + i / 2, i % 2));
        }
        return rows;
    }

    private static void write(HeldTrades held, TradeRow r) {
        held.trade(r.venue(), r.symbol(), r.channel(), r.exchangeTimeMicros(), r.receiveTimeMicros(), r.sourceSeq(),
            r.tradeId(), r.side(), r.price(), r.quantity(), r.conditions(), r.journalIndex(), r.journalRecord());
    }

    /** Copies each row out of the view while it points at it, polling {@code batch} at a time. */
    private static List<TradeRow> drain(HeldTrades held, int batch) {
        List<TradeRow> out = new ArrayList<>();
        while (held.poll(batch, o -> out.add(copy((Trade) o))) != ResultStream.END) {
            // next batch
        }
        return out;
    }

    private static TradeRow copy(Trade t) {
        return new TradeRow(t.venue(), t.symbol(), t.channel(), t.exchangeTimeMicros(), t.receiveTimeMicros(), t.sourceSeq(),
            t.tradeId(), t.side(), t.price(), t.quantity(), t.conditions(), t.journalIndex(), t.journalRecord());
    }
}
