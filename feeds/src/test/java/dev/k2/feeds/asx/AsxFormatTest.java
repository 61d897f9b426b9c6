package dev.k2.feeds.asx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k2.engine.tick.TickKind;
import org.junit.jupiter.api.Test;

class AsxFormatTest {
    @Test
    void parsesTheCommandLineNames() {
        assertThat(AsxFormat.parse("asx-trades")).isEqualTo(AsxFormat.TRADES);
        assertThat(AsxFormat.parse("asx-quotes")).isEqualTo(AsxFormat.QUOTES);
        assertThat(AsxFormat.QUOTES.kind()).isEqualTo(TickKind.QUOTE);
        assertThat(AsxFormat.TRADES.fieldName(3)).isEqualTo("price");
    }

    @Test
    void unknownNameListsTheAllowedOnes() {
        assertThatThrownBy(() -> AsxFormat.parse("asx"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("unknown ASX format 'asx': expected one of asx-trades, asx-quotes");
    }
}
