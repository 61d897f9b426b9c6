package dev.k2.engine.tick;

import java.math.BigDecimal;

/**
 * Exact decimal numbers as longs scaled by 10^8 (DESIGN.md decision 6: {@code decimal(18,8)}).
 *
 * <p>{@link #parse(CharSequence, int, int)} is the hot-path parser: no allocation, rejects anything
 * that is not a plain decimal with at most 8 fraction digits or that would overflow.
 */
public final class Scaled {
    public static final int SCALE_DIGITS = 8;
    public static final long ONE = 100_000_000L;
    /** Returned by the parsers for input that is not an exact decimal that fits. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L
    };

    private Scaled() {
    }

    /**
     * Parses {@code [-]digits[.digits]} from {@code text[start, end)}.
     *
     * @return the value scaled by 10^8, or {@link #INVALID}.
     */
    public static long parse(CharSequence text, int start, int end) {
        if (start >= end) {
            return INVALID;
        }
        int i = start;
        boolean negative = false;
        if (text.charAt(i) == '-') {
            negative = true;
            i++;
        }
        long whole = 0;
        int wholeDigits = 0;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '.') {
                break;
            }
            if (c < '0' || c > '9') {
                return INVALID;
            }
            if (whole > (Long.MAX_VALUE / ONE - 9) / 10) {
                return INVALID;
            }
            whole = whole * 10 + (c - '0');
            wholeDigits++;
            i++;
        }
        long fraction = 0;
        int fractionDigits = 0;
        if (i < end) {
            i++; // '.'
            while (i < end) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return INVALID;
                }
                if (fractionDigits == SCALE_DIGITS) {
                    if (c != '0') {
                        return INVALID; // more precision than decimal(18,8) holds: refuse, never round
                    }
                } else {
                    fraction = fraction * 10 + (c - '0');
                    fractionDigits++;
                }
                i++;
            }
            if (fractionDigits == 0 && wholeDigits == 0) {
                return INVALID;
            }
        } else if (wholeDigits == 0) {
            return INVALID;
        }
        long value = whole * ONE + fraction * POW10[SCALE_DIGITS - fractionDigits];
        return negative ? -value : value;
    }

    public static long parse(CharSequence text) {
        return parse(text, 0, text.length());
    }

    public static long ofLong(long units) {
        return units * ONE;
    }

    /** Appends the exact decimal, without trailing zeros in the fraction ("36.8", "100", "0.00000001"). */
    public static StringBuilder append(StringBuilder out, long scaled) {
        if (scaled < 0) {
            out.append('-');
            if (scaled == Long.MIN_VALUE) {
                return out.append("92233720368.54775808");
            }
            scaled = -scaled;
        }
        out.append(scaled / ONE);
        long fraction = scaled % ONE;
        if (fraction != 0) {
            out.append('.');
            int digits = SCALE_DIGITS;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            int length = 1; // the fraction's own digits
            for (long f = fraction; f >= 10; f /= 10) {
                length++;
            }
            for (int pad = digits - length; pad > 0; pad--) {
                out.append('0');
            }
            out.append(fraction); // StringBuilder writes a long's digits without a String
        }
        return out;
    }

    public static String toString(long scaled) {
        return append(new StringBuilder(24), scaled).toString();
    }

    public static BigDecimal toBigDecimal(long scaled) {
        return BigDecimal.valueOf(scaled, SCALE_DIGITS);
    }
}
