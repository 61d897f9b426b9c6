package dev.k2.feeds.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.tick.Scaled;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.feeds.support.EngineHarness;
import dev.k2.feeds.support.RecordedTick;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticMarketTest {
    private static final SyntheticMarket.Options SPOILED = new SyntheticMarket.Options(5, 50_000, 42, 0.02, 0.01);

    @Test
    void summaryCountsAreWhatTheEngineSaw() {
        try (EngineHarness engine = new EngineHarness()) {
            SyntheticMarket.Summary summary = new SyntheticMarket(SPOILED).run(engine.registry(), engine.ingress(),
                engine.clock());
            engine.drain();

            assertThat(summary.ticksPublished()).isEqualTo(50_000);
            assertThat(summary.duplicatesInjected()).isPositive();
            assertThat(summary.gapsOpened()).isPositive();
            assertThat(summary.lateFills()).isPositive();
            assertThat(summary.numbersNeverSent()).isPositive();

            assertThat(engine.count(Counter.TICKS_IN)).isEqualTo(summary.ticksPublished());
            assertThat(engine.count(Counter.ACCEPTED)).isEqualTo(summary.distinctTicks());
            assertThat(engine.count(Counter.DUPLICATES)).isEqualTo(summary.duplicatesInjected());
            assertThat(engine.count(Counter.GAPS)).isEqualTo(summary.gapsOpened());
            assertThat(engine.count(Counter.OUT_OF_ORDER)).isEqualTo(summary.lateFills());
            assertThat(engine.count(Counter.GAP_MISSING)).isEqualTo(summary.lateFills() + summary.numbersNeverSent());
            assertThat(summary.distinctTicks() + summary.duplicatesInjected()).isEqualTo(summary.ticksPublished());

            List<RecordedTick> accepted = engine.journal().ticks();
            Set<String> keys = new HashSet<>();
            for (RecordedTick tick : accepted) {
                assertThat(keys.add(tick.instrumentId() + "/" + tick.sourceSeq())).isTrue();
                assertThat(tick.tradeId()).isEqualTo(tick.sourceSeq());
            }
        }
    }

    @Test
    void sameSeedGivesTheSameAcceptedTicks() {
        assertThat(acceptedHash(SPOILED)).isEqualTo(acceptedHash(SPOILED));
        assertThat(acceptedHash(SPOILED))
            .isNotEqualTo(acceptedHash(new SyntheticMarket.Options(5, 50_000, 43, 0.02, 0.01)));
    }

    @Test
    void cleanMarketIsInOrderOnATickGridFromOnePerInstrument() {
        try (EngineHarness engine = new EngineHarness()) {
            SyntheticMarket.Summary summary = new SyntheticMarket(SyntheticMarket.Options.clean(3, 30_000, 7))
                .run(engine.registry(), engine.ingress(), engine.clock());
            engine.drain();

            assertThat(summary).isEqualTo(new SyntheticMarket.Summary(30_000, 30_000, 0, 0, 0, 0));
            assertThat(engine.count(Counter.IN_ORDER)).isEqualTo(30_000);
            assertThat(engine.registry().all()).extracting(Instrument::venue, Instrument::symbol)
                .containsExactly(tuple("SIM", "AAA"),
                    tuple("SIM", "BBB"), tuple("SIM", "CCC"));

            List<RecordedTick> ticks = engine.journal().ticks();
            Map<Integer, List<Long>> seqs = ticks.stream().collect(Collectors.groupingBy(RecordedTick::instrumentId,
                Collectors.mapping(RecordedTick::sourceSeq, Collectors.toList())));
            for (List<Long> perInstrument : seqs.values()) {
                for (int i = 0; i < perInstrument.size(); i++) {
                    assertThat(perInstrument.get(i)).isEqualTo(i + 1L);
                }
            }
            long previous = 0;
            for (RecordedTick tick : ticks) {
                assertThat(tick.exchangeTimeNs()).isGreaterThan(previous);
                previous = tick.exchangeTimeNs();
                assertThat(tick.price() % TickGenerator.TICK_SIZE).isZero();
                assertThat(tick.price()).isPositive();
                assertThat(tick.quantity() % Scaled.ofLong(TickGenerator.LOT_SHARES)).isZero();
                assertThat(tick.channel()).isEqualTo(TickGenerator.CHANNEL);
                assertThat(tick.sequencePolicy()).isEqualTo(SequencePolicy.PERMANENT);
            }
            assertThat(ticks.get(0).exchangeTimeNs() - TickGenerator.START_EPOCH_NS).isBetween(1_000L, 500_000L);
        }
    }

    @Test
    void optionsRefuseRatesOutsideZeroToOne() {
        assertThatThrownBy(() -> new SyntheticMarket.Options(1, 10, 1, 1.0, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new SyntheticMarket.Options(0, 10, 1, 0, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instruments");
    }

    private static long acceptedHash(SyntheticMarket.Options options) {
        try (EngineHarness engine = new EngineHarness()) {
            new SyntheticMarket(options).run(engine.registry(), engine.ingress(), engine.clock());
            engine.drain();
            return engine.pipeline().acceptedHash();
        }
    }
}
