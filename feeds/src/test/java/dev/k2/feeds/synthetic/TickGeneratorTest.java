package dev.k2.feeds.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.TickEvent;
import dev.k2.feeds.support.Allocations;
import org.junit.jupiter.api.Test;

class TickGeneratorTest {
    @Test
    void generatingTicksAllocatesNothing() {
        TickGenerator generator = new TickGenerator(new InstrumentRegistry(), 8, 1, () -> 0L);
        TickEvent slot = new TickEvent();
        for (int i = 0; i < 100_000; i++) {
            generator.next(slot);
        }
        long before = Allocations.byThisThread();
        for (int i = 0; i < 1_000_000; i++) {
            generator.next(slot);
        }
        assertThat(Allocations.byThisThread() - before).isLessThan(1_024L);
        assertThat(slot.tradeId).isEqualTo(slot.sourceSeq);
    }

    @Test
    void sameSeedSameTicks() {
        TickGenerator a = new TickGenerator(new InstrumentRegistry(), 4, 9, () -> 5L);
        TickGenerator b = new TickGenerator(new InstrumentRegistry(), 4, 9, () -> 5L);
        TickEvent x = new TickEvent();
        TickEvent y = new TickEvent();
        for (int i = 0; i < 1_000; i++) {
            a.next(x);
            b.next(y);
            assertThat(x.toString()).isEqualTo(y.toString());
        }
    }

    @Test
    void symbolsRunThroughTheAlphabetThenNumber() {
        assertThat(TickGenerator.symbol(0)).isEqualTo("AAA");
        assertThat(TickGenerator.symbol(1)).isEqualTo("BBB");
        assertThat(TickGenerator.symbol(25)).isEqualTo("ZZZ");
        assertThat(TickGenerator.symbol(26)).isEqualTo("AAA1");
    }
}
