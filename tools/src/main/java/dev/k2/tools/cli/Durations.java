package dev.k2.tools.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Parses durations given on the command line: 500ms, 30s, 5m, 2h, 1d, or ISO-8601 (PT30S). */
public final class Durations {
    private Durations() {
    }

    public static Duration parse(String option, String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(java.util.Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long amount = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(option + " '" + text + "': not a duration; use 500ms, 30s, 5m, 2h, 1d or PT30S");
        }
    }
}
