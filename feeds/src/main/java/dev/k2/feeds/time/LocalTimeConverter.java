package dev.k2.feeds.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Converts a local wall-clock time in one zone to UTC epoch nanoseconds, with the zone's real rules
 * and without allocating in steady state.
 *
 * <p>The UTC offset is looked up once per local date and cached, so rows of the same date cost a
 * few multiplications. A date on which the zone changes offset (a daylight-saving transition) takes
 * the exact path through {@code java.time} for every time on it, and so gives exactly
 * {@link java.time.ZonedDateTime#of}'s answer: a time in the spring-forward gap is moved forward by
 * the gap's length, and a time in the autumn overlap takes the earlier (summer) offset.
 *
 * <p>The caller passes a valid date (month 1..12, day within the month) and time; validating them
 * is the parser's job, so that bad input is a rejection, not an exception. Not thread-safe.
 */
public final class LocalTimeConverter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;

    private final ZoneId zone;
    private final ZoneRules rules;
    private int cachedDate = -1;
    private long cachedEpochDay;
    private int cachedOffsetSeconds;
    private boolean cachedDateHasTransition;

    public LocalTimeConverter(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * @param secondOfDay  0..86399
     * @param nanoOfSecond 0..999,999,999
     * @return the instant of that local time, in UTC epoch nanoseconds
     */
    public long toEpochNanos(int year, int month, int day, int secondOfDay, int nanoOfSecond) {
        int date = year * 10_000 + month * 100 + day;
        if (date != cachedDate) {
            loadDate(year, month, day, date);
        }
        if (cachedDateHasTransition) {
            LocalDateTime local = LocalDateTime.of(year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60,
                secondOfDay % 60, nanoOfSecond);
            return local.atZone(zone).toEpochSecond() * NANOS_PER_SECOND + nanoOfSecond;
        }
        long epochSecond = cachedEpochDay * SECONDS_PER_DAY + secondOfDay - cachedOffsetSeconds;
        return epochSecond * NANOS_PER_SECOND + nanoOfSecond;
    }

    /** True when the zone changes offset on this local date (its times take the exact path). */
    public boolean hasTransition(int year, int month, int day) {
        return transitionOn(LocalDate.of(year, month, day));
    }

    private void loadDate(int year, int month, int day, int date) {
        LocalDate local = LocalDate.of(year, month, day);
        cachedDate = date;
        cachedEpochDay = local.toEpochDay();
        cachedDateHasTransition = transitionOn(local);
        ZoneOffset noonOffset = rules.getOffset(local.atTime(12, 0));
        cachedOffsetSeconds = noonOffset.getTotalSeconds();
    }

    /**
     * Whether a transition's wall-clock time before or after it falls on {@code date}. Offsets are
     * within ±18 h, so every such transition lies after UTC midnight of the day before.
     */
    private boolean transitionOn(LocalDate date) {
        long searchFrom = (date.toEpochDay() - 1) * SECONDS_PER_DAY;
        long searchTo = (date.toEpochDay() + 2) * SECONDS_PER_DAY;
        ZoneOffsetTransition transition = rules.nextTransition(Instant.ofEpochSecond(searchFrom));
        while (transition != null && transition.toEpochSecond() < searchTo) {
            if (transition.getDateTimeBefore().toLocalDate().equals(date)
                || transition.getDateTimeAfter().toLocalDate().equals(date)) {
                return true;
            }
            transition = rules.nextTransition(transition.getInstant());
        }
        return false;
    }
}
