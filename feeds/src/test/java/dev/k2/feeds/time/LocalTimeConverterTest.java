package dev.k2.feeds.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The hand-rolled conversion against java.time, with Sydney's 2014 daylight-saving changes. */
class LocalTimeConverterTest {
    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

    private static long javaTime(LocalDateTime local) {
        ZonedDateTime zoned = ZonedDateTime.of(local, SYDNEY);
        return zoned.toEpochSecond() * 1_000_000_000L + zoned.getNano();
    }

    private static long converted(LocalTimeConverter converter, LocalDateTime local) {
        return converter.toEpochNanos(local.getYear(), local.getMonthValue(), local.getDayOfMonth(),
            local.toLocalTime().toSecondOfDay(), local.getNano());
    }

    @Test
    void marchSampleDayIsElevenHoursAhead() {
        LocalTimeConverter converter = new LocalTimeConverter(SYDNEY);
        LocalDateTime local = LocalDateTime.of(2014, 3, 10, 7, 57, 14, 754_000_000);
        assertThat(converted(converter, local)).isEqualTo(javaTime(local))
            .isEqualTo(local.minusHours(11).toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + 754_000_000L);
    }

    @Test
    void firstSundayOfAprilAndOctober2014AreTransitionDays() {
        LocalTimeConverter converter = new LocalTimeConverter(SYDNEY);
        assertThat(converter.hasTransition(2014, 4, 6)).isTrue();
        assertThat(converter.hasTransition(2014, 10, 5)).isTrue();
        assertThat(converter.hasTransition(2014, 4, 5)).isFalse();
        assertThat(converter.hasTransition(2014, 4, 7)).isFalse();
        assertThat(converter.hasTransition(2014, 3, 10)).isFalse();
    }

    @Test
    void everyMinuteAroundTheAprilChangeMatchesJavaTime() {
        assertEveryMinuteMatches(LocalDate.of(2014, 4, 5), LocalDate.of(2014, 4, 7));
    }

    @Test
    void everyMinuteAroundTheOctoberChangeMatchesJavaTime() {
        assertEveryMinuteMatches(LocalDate.of(2014, 10, 4), LocalDate.of(2014, 10, 6));
    }

    @Test
    void ambiguousAndSkippedTimesResolveLikeZonedDateTime() {
        LocalTimeConverter converter = new LocalTimeConverter(SYDNEY);
        LocalDateTime overlap = LocalDateTime.of(2014, 4, 6, 2, 30, 0, 1_000_000);
        LocalDateTime skipped = LocalDateTime.of(2014, 10, 5, 2, 30);
        assertThat(converted(converter, overlap)).isEqualTo(javaTime(overlap));
        assertThat(converted(converter, skipped)).isEqualTo(javaTime(skipped));
        assertThat(converted(converter, overlap)).isEqualTo(javaTime(LocalDateTime.of(2014, 4, 6, 1, 30, 0, 1_000_000))
            + 3_600_000_000_000L);
    }

    @Test
    void everyHourOf2014MatchesJavaTimeWhateverTheOrderOfDates() {
        LocalTimeConverter converter = new LocalTimeConverter(SYDNEY);
        for (LocalDate day = LocalDate.of(2014, 1, 1); day.getYear() == 2014; day = day.plusDays(1)) {
            for (int hour = 0; hour < 24; hour++) {
                LocalDateTime local = day.atTime(hour, 17, 3, 999_000_000);
                assertThat(converted(converter, local)).as("%s", local).isEqualTo(javaTime(local));
                LocalDateTime earlier = day.minusDays(40).atTime(hour, 0);
                assertThat(converted(converter, earlier)).as("%s", earlier).isEqualTo(javaTime(earlier));
            }
        }
    }

    private static void assertEveryMinuteMatches(LocalDate from, LocalDate to) {
        LocalTimeConverter converter = new LocalTimeConverter(SYDNEY);
        for (LocalDateTime local = from.atStartOfDay(); !local.toLocalDate().isAfter(to); local = local.plusMinutes(1)) {
            LocalDateTime withMillis = local.withNano(123_000_000);
            assertThat(converted(converter, withMillis)).as("%s", withMillis).isEqualTo(javaTime(withMillis));
        }
    }
}
