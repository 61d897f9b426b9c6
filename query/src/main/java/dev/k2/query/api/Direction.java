package dev.k2.query.api;

/** Row order of a tick query, by (exchange time, journal index, journal record). */
public enum Direction {
    OLDEST_FIRST,
    NEWEST_FIRST
}
