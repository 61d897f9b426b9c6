package dev.k2.query.format;

import dev.k2.engine.tick.Scaled;
import java.io.IOException;

/**
 * How single values are written as text, the same in every output format: exact decimals from
 * scaled longs (never through {@code double}), times as ISO-8601 UTC with microseconds, and JSON and
 * CSV quoting. No allocation beyond what {@link Appendable} does for {@link StringBuilder}s.
 */
public final class ValueText {
    private static final int MICROS_PER_SECOND = 1_000_000;
    private static final long SECONDS_PER_DAY = 86_400;

    private ValueText() {
    }

    /** Writes a 1e-8 scaled long as its exact decimal, without trailing fraction zeros: 12345678901 → "123.45678901", 123450000000 → "1234.5". */
    public static void decimal(Appendable out, long scaled) throws IOException {
        if (out instanceof StringBuilder sb) {
            Scaled.append(sb, scaled);
        } else {
            out.append(Scaled.toString(scaled));
        }
    }

    /** Writes epoch microseconds as ISO-8601 UTC with six fraction digits: {@code 2014-03-10T00:00:00.000000Z}. */
    public static void time(Appendable out, long micros) throws IOException {
        long seconds = Math.floorDiv(micros, MICROS_PER_SECOND);
        int fraction = Math.floorMod(micros, MICROS_PER_SECOND);
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        // the proleptic Gregorian date of an epoch day, without objects (what LocalDate.ofEpochDay computes):
        // count from 0000-03-01 so that the leap day ends a year, in 400-year eras of 146,097 days
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153; // 0 = March .. 11 = February
        int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
        int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            out.append(year < 0 ? "-" : "+");
            year = Math.abs(year);
        }
        pad(out, (int) year, 4);
        out.append('-');
        pad(out, month, 2);
        out.append('-');
        pad(out, day, 2);
        out.append('T');
        pad(out, secondOfDay / 3_600, 2);
        out.append(':');
        pad(out, secondOfDay / 60 % 60, 2);
        out.append(':');
        pad(out, secondOfDay % 60, 2);
        out.append('.');
        pad(out, fraction, 6);
        out.append('Z');
    }

    /** {@link #time(Appendable, long)} as a String. */
    public static String time(long micros) {
        StringBuilder sb = new StringBuilder(27);
        try {
            time(sb, micros);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return sb.toString();
    }

    /** Writes {@code text} as a JSON string literal, quotes included. */
    public static void jsonString(Appendable out, CharSequence text) throws IOException {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append("\\u");
                        String hex = Integer.toHexString(c);
                        for (int pad = 4 - hex.length(); pad > 0; pad--) {
                            out.append('0');
                        }
                        out.append(hex);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Writes one CSV field (RFC 4180): quoted, with doubled quotes, only when it holds a comma, quote or line break. */
    public static void csvField(Appendable out, CharSequence text) throws IOException {
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.append(text);
            return;
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static void pad(Appendable out, int value, int width) throws IOException {
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            out.append('0');
        }
        if (out instanceof StringBuilder sb) {
            sb.append(value);
        } else {
            out.append(Integer.toString(value));
        }
    }
}
