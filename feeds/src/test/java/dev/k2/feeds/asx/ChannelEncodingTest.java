package dev.k2.feeds.asx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k2.engine.tick.TickKind;
import org.junit.jupiter.api.Test;

class ChannelEncodingTest {
    @Test
    void channelIsKindCodeThenTradingDay() {
        assertThat(AsxFileFeed.channel(TickKind.TRADE, 20140310)).isEqualTo(120140310);
        assertThat(AsxFileFeed.channel(TickKind.QUOTE, 20140310)).isEqualTo(220140310);
    }

    @Test
    void channelDecodesBackToKindAndDay() {
        int channel = AsxFileFeed.channel(TickKind.QUOTE, 99991231);
        assertThat(AsxFileFeed.tradingDay(channel)).isEqualTo(99991231);
        assertThat(AsxFileFeed.kind(channel)).isEqualTo(TickKind.QUOTE);
        assertThat(AsxFileFeed.kind(1)).isNull();
    }

    @Test
    void refusesADayThatIsNotEightDigits() {
        assertThatThrownBy(() -> AsxFileFeed.channel(TickKind.TRADE, 100_000_000))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("yyyymmdd");
    }
}
