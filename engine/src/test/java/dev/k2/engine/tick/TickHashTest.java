package dev.k2.engine.tick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.support.Ticks;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TickHashTest {
    private static long hashOf(TickEvent... ticks) {
        TickHash hash = new TickHash();
        for (TickEvent t : ticks) {
            hash.add(t);
        }
        return hash.value();
    }

    @Test
    void everyHashedFieldChangesTheHash() {
        long base = hashOf(Ticks.permanent(7, 1_000));
        List<Consumer<TickEvent>> changes = List.of(
            t -> t.kind = TickKind.QUOTE, t -> t.instrumentId++, t -> t.channel++, t -> t.sourceSeq++,
            t -> t.tradeId++, t -> t.exchangeTimeNs++, t -> t.price++, t -> t.quantity++,
            t -> t.side = Side.BUY, t -> t.conditions++);
        for (Consumer<TickEvent> change : changes) {
            TickEvent t = Ticks.permanent(7, 1_000);
            change.accept(t);
            assertThat(hashOf(t)).isNotEqualTo(base);
        }
        TickEvent quote = Ticks.permanent(7, 1_000);
        quote.kind = TickKind.QUOTE;
        long quoteBase = hashOf(quote);
        List<Consumer<TickEvent>> quoteChanges = List.of(t -> t.bidPrice++, t -> t.bidSize++, t -> t.askPrice++,
            t -> t.askSize++);
        for (Consumer<TickEvent> change : quoteChanges) {
            TickEvent t = Ticks.permanent(7, 1_000);
            t.kind = TickKind.QUOTE;
            change.accept(t);
            assertThat(hashOf(t)).isNotEqualTo(quoteBase);
        }
    }

    @Test
    void valuesTheJournalDoesNotKeepForTheKindDoNotCount() {
        TickEvent trade = Ticks.permanent(7, 1_000);
        long base = hashOf(trade);
        trade.askPrice = 99; // a trade has no ask; the journal drops it, so must the hash
        assertThat(hashOf(trade)).isEqualTo(base);
    }

    @Test
    void orderMattersAndReceiveTimeDoesNot() {
        TickEvent a = Ticks.permanent(1, 1_000);
        TickEvent b = Ticks.permanent(2, 2_000);
        assertThat(hashOf(a, b)).isNotEqualTo(hashOf(b, a));
        TickEvent later = Ticks.permanent(1, 1_000);
        later.receiveTimeNs += 5; // a replay on another day receives at other times
        assertThat(hashOf(later)).isEqualTo(hashOf(Ticks.permanent(1, 1_000)));
    }
}
