package dev.k2.engine.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k2.engine.tick.AssetClass;
import org.junit.jupiter.api.Test;

class InstrumentRegistryTest {
    @Test
    void findsAnInstrumentByVenueAndSymbolWhicheverWayItWasRegistered() {
        InstrumentRegistry registry = new InstrumentRegistry();
        Instrument bhp = registry.intern("ASX", "BHP", AssetClass.EQUITY);
        Instrument restored = registry.restore(7, "BINANCE", "BTCUSDT", AssetClass.CRYPTO);

        assertThat(registry.bySymbol("ASX", "BHP")).isSameAs(bhp);
        assertThat(registry.bySymbol("BINANCE", "BTCUSDT")).isSameAs(restored);
        assertThat(registry.byId(7)).isSameAs(restored);
        assertThat(registry.intern("ASX", "BHP", AssetClass.EQUITY)).as("interned once").isSameAs(bhp);
    }

    @Test
    void answersNullForUnknownOrMissingNamesInsteadOfFailing() {
        InstrumentRegistry registry = new InstrumentRegistry();
        registry.intern("ASX", "BHP", AssetClass.EQUITY);

        assertThat(registry.bySymbol("ASX", "CBA")).isNull();
        assertThat(registry.bySymbol("BINANCE", "BHP")).as("the same symbol at another venue").isNull();
        assertThat(registry.bySymbol(null, "BHP")).isNull();
        assertThat(registry.bySymbol("ASX", null)).isNull();
    }

    @Test
    void keepsApartNamesThatJoinToTheSameKey() {
        InstrumentRegistry registry = new InstrumentRegistry();
        Instrument first = registry.intern("A:B", "C", AssetClass.EQUITY);
        Instrument second = registry.intern("A", "B:C", AssetClass.EQUITY);

        assertThat(second).isNotSameAs(first);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(registry.bySymbol("A", "B:C")).isSameAs(second);
        assertThat(registry.bySymbol("A:B", "C")).isSameAs(first);
    }

    @Test
    void refusesAnIdAlreadyTakenByAnotherInstrument() {
        InstrumentRegistry registry = new InstrumentRegistry();
        registry.restore(3, "ASX", "BHP", AssetClass.EQUITY);

        assertThatThrownBy(() -> registry.restore(3, "ASX", "CBA", AssetClass.EQUITY))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
        assertThat(registry.bySymbol("ASX", "CBA")).as("nothing half-registered").isNull();
    }
}
