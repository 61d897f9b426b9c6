package dev.k2.tools.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplaySpeedTest {
    @Test
    void oneXKeepsTheOriginalSpacingAndTenXDividesIt() {
        long first = 1_000_000_000_000L;
        assertThat(ReplaySpeed.parse("1x").offsetNs(first, first + 250_000_000L)).isEqualTo(250_000_000L);
        assertThat(ReplaySpeed.parse("10x").offsetNs(first, first + 250_000_000L)).isEqualTo(25_000_000L);
        assertThat(ReplaySpeed.parse("0.5x").offsetNs(first, first + 1_000L)).isEqualTo(2_000L);
    }

    @Test
    void tickEarlierThanTheFirstIsDueAtOnce() {
        assertThat(ReplaySpeed.parse("1x").offsetNs(5_000, 4_000)).isZero();
    }

    @Test
    void maxIsUnpacedAndNonsenseIsRefusedWithWhatIsAllowed() {
        assertThat(ReplaySpeed.parse("max").paced()).isFalse();
        assertThatThrownBy(() -> ReplaySpeed.parse("fast")).hasMessageContaining("max or a positive factor like 1x");
        assertThatThrownBy(() -> ReplaySpeed.parse("-2x")).hasMessageContaining("--speed '-2x'");
        assertThatThrownBy(() -> ReplaySpeed.parse("0x")).isInstanceOf(IllegalArgumentException.class);
    }
}
