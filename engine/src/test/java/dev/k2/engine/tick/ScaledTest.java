package dev.k2.engine.tick;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ScaledTest {
    @Test
    void parsesExactDecimalsWithoutRounding() {
        assertThat(Scaled.parse("36.855")).isEqualTo(3_685_500_000L);
        assertThat(Scaled.parse("0.00000001")).isEqualTo(1L);
        assertThat(Scaled.parse("100")).isEqualTo(10_000_000_000L);
        assertThat(Scaled.parse("-1.5")).isEqualTo(-150_000_000L);
        assertThat(Scaled.parse("16500.00000000")).isEqualTo(1_650_000_000_000L);
        assertThat(Scaled.parse(".5")).isEqualTo(50_000_000L);
    }

    @Test
    void refusesWhatIsNotAnExactDecimalThatFits() {
        assertThat(Scaled.parse("")).isEqualTo(Scaled.INVALID);
        assertThat(Scaled.parse("1.123456789")).isEqualTo(Scaled.INVALID);
        assertThat(Scaled.parse("12.3x")).isEqualTo(Scaled.INVALID);
        assertThat(Scaled.parse("1e5")).isEqualTo(Scaled.INVALID);
        assertThat(Scaled.parse(".")).isEqualTo(Scaled.INVALID);
        assertThat(Scaled.parse("-")).isEqualTo(Scaled.INVALID);
        assertThat(Scaled.parse("999999999999999999")).isEqualTo(Scaled.INVALID);
        assertThat(Scaled.parse("1.100000000")).isEqualTo(110_000_000L); // trailing zero beyond 8 digits is exact
    }

    @Test
    void formatsWithoutTrailingZeros() {
        assertThat(Scaled.toString(3_685_500_000L)).isEqualTo("36.855");
        assertThat(Scaled.toString(1L)).isEqualTo("0.00000001");
        assertThat(Scaled.toString(-150_000_000L)).isEqualTo("-1.5");
        assertThat(Scaled.toString(0)).isEqualTo("0");
        assertThat(Scaled.toString(5_000_000L)).as("zeros after the point").isEqualTo("0.05");
        assertThat(Scaled.toString(100_000_010L)).isEqualTo("1.0000001");
        assertThat(Scaled.toString(-99_999_999L)).isEqualTo("-0.99999999");
        assertThat(Scaled.toString(Long.MIN_VALUE)).isEqualTo("-92233720368.54775808");
    }

    @Property
    void formatThenParseIsIdentityAndAgreesWithBigDecimal(
        @ForAll @LongRange(min = -9_000_000_000_000_000L, max = 9_000_000_000_000_000L) long scaled) {
        String text = Scaled.toString(scaled);
        assertThat(Scaled.parse(text)).isEqualTo(scaled);
        assertThat(new BigDecimal(text).compareTo(Scaled.toBigDecimal(scaled))).isZero();
    }
}
