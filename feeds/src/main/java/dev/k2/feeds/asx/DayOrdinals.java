package dev.k2.feeds.asx;

import org.agrona.collections.Long2LongHashMap;

/**
 * The next row ordinal of each trading day in one file: the stand-in for the exchange sequence
 * number the ASX sample lacks. Rows come in date order, so the current day is a field and the map
 * is touched only when the date changes; neither path allocates once a day is known.
 */
final class DayOrdinals {
    private static final long NONE = -1;

    private final Long2LongHashMap nextByDay = new Long2LongHashMap(NONE);
    private int currentDay = -1;
    private long currentNext;

    /** @return the ordinal (from 0) of this row within its day, counting it */
    long next(int yyyymmdd) {
        if (yyyymmdd != currentDay) {
            if (currentDay >= 0) {
                nextByDay.put(currentDay, currentNext);
            }
            long known = nextByDay.get(yyyymmdd);
            currentDay = yyyymmdd;
            currentNext = known == NONE ? 0 : known;
        }
        return currentNext++;
    }
}
