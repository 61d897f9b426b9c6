package dev.k2.tools.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Parses command-line times: an ISO-8601 instant, a UTC date-time, or a UTC date. */
public final class Times {
    private Times() {
    }

    public static long parseEpochNanos(String option, String text) {
        try {
            Instant instant;
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                instant = java.time.OffsetDateTime.parse(text).toInstant();
            } else if (text.contains("T")) {
                instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } else {
                instant = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(option + " '" + text
                + "': not a time; use 2014-03-10T00:00:00Z, 2014-03-10T10:00:00 (UTC) or 2014-03-10");
        }
    }

    public static String iso(long epochNs) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L))
            .toString();
    }
}
