package dev.k2.feeds.asx;

import dev.k2.engine.journal.RejectReason;
import dev.k2.engine.tick.Scaled;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.VendorData;
import dev.k2.feeds.text.AsciiView;
import dev.k2.feeds.time.LocalTimeConverter;
import java.time.ZoneId;

/**
 * Parses one ASX sample row (see {@link AsxFormat} for the layouts) from a range of the read buffer
 * into a tick's value fields: kind, exchange time, prices, sizes, conditions and vendor data.
 * Digits are read by hand from the bytes and decimals through an {@link AsciiView}, so a good row
 * allocates nothing; only a rejected row builds its message.
 *
 * <p>Checks, in order: the date (field 1, reported by {@link #tradingDay()} even when the row is
 * then rejected, so that the row still counts toward its day's ordinal), the field count, the time,
 * then the numbers left to right. Prices are non-negative decimals with at most 8 fraction digits;
 * volumes and qualifiers non-negative integers.
 */
final class AsxRowParser {
    /** Largest share count whose scaled value fits a long. */
    private static final long MAX_UNITS = Long.MAX_VALUE / Scaled.ONE;
    private static final int[] DAYS_IN_MONTH = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    private static final int DATE = 0;
    private static final int TIME = 1;

    private final AsxFormat format;
    private final byte[] bytes;
    private final AsciiView text = new AsciiView();
    private final LocalTimeConverter localTime;
    private final int[] fieldStart;
    private final int[] fieldEnd;
    private int fieldsFound;
    private int year;
    private int month;
    private int day;
    private int tradingDay;
    private int secondOfDay;
    private int nanoOfSecond;
    private long value;
    private String message;

    /** @param bytes the read buffer every parsed range lies in */
    AsxRowParser(AsxFormat format, ZoneId exchangeZone, byte[] bytes) {
        this.format = format;
        this.bytes = bytes;
        this.text.wrap(bytes);
        this.localTime = new LocalTimeConverter(exchangeZone);
        this.fieldStart = new int[format.fieldCount()];
        this.fieldEnd = new int[format.fieldCount()];
    }

    /**
     * Parses {@code bytes[start, end)} into {@code row}, which the caller has cleared.
     *
     * @return null when the row is good, otherwise why not ({@link #message()} says exactly what)
     */
    RejectReason parse(int start, int end, TickEvent row) {
        message = null;
        split(start, end);
        tradingDay = parseDate(fieldStart[DATE], fieldEnd[DATE]) ? year * 10_000 + month * 100 + day : -1;
        if (fieldsFound != format.fieldCount()) {
            message = "expected " + format.fieldCount() + " fields (" + format.layout() + ") but found " + fieldsFound;
            return RejectReason.MALFORMED_LINE;
        }
        if (tradingDay < 0) {
            return reject(RejectReason.BAD_TIME, DATE, "is not a date MM/DD/YYYY");
        }
        if (!parseTime(fieldStart[TIME], fieldEnd[TIME])) {
            return reject(RejectReason.BAD_TIME, TIME, "is not a time HH:MM:SS.mmm");
        }
        row.kind = format.kind();
        row.exchangeTimeNs = localTime.toEpochNanos(year, month, day, secondOfDay, nanoOfSecond);
        return format == AsxFormat.TRADES ? parseTrade(row) : parseQuote(row);
    }

    /** yyyymmdd of the last parsed row's date field, or -1 when it was not a date. */
    int tradingDay() {
        return tradingDay;
    }

    /** What was wrong with the last rejected row. */
    String message() {
        return message;
    }

    private RejectReason parseTrade(TickEvent row) {
        RejectReason bad = decimal(2);
        if (bad != null) {
            return bad;
        }
        row.price = value;
        bad = integer(3, MAX_UNITS);
        if (bad != null) {
            return bad;
        }
        row.quantity = Scaled.ofLong(value);
        bad = integer(4, Integer.MAX_VALUE);
        if (bad != null) {
            return bad;
        }
        row.conditions = (int) value;
        if (!VendorData.put(row, "qualifiers", text, fieldStart[4], fieldEnd[4])
            || !putIfPresent(row, "venue", 5) || !putIfPresent(row, "buyer_id", 6)) {
            message = "vendor data qualifiers='" + field(4) + "' venue='" + field(5) + "' buyer_id='" + field(6)
                + "' does not fit " + VendorData.CAPACITY + " bytes";
            return RejectReason.VENDOR_DATA_TOO_LARGE;
        }
        return null;
    }

    private RejectReason parseQuote(TickEvent row) {
        RejectReason bad = decimal(2);
        if (bad != null) {
            return bad;
        }
        row.bidPrice = value;
        bad = decimal(3);
        if (bad != null) {
            return bad;
        }
        row.askPrice = value;
        bad = integer(4, MAX_UNITS);
        if (bad != null) {
            return bad;
        }
        row.bidSize = Scaled.ofLong(value);
        bad = integer(5, MAX_UNITS);
        if (bad != null) {
            return bad;
        }
        row.askSize = Scaled.ofLong(value);
        return null;
    }

    private boolean putIfPresent(TickEvent row, String key, int field) {
        return fieldStart[field] == fieldEnd[field] || VendorData.put(row, key, text, fieldStart[field], fieldEnd[field]);
    }

    /** Records field boundaries; {@link #fieldsFound} counts every field, even beyond the expected count. */
    private void split(int start, int end) {
        int count = 0;
        int fieldFrom = start;
        for (int i = start; i <= end; i++) {
            if (i == end || bytes[i] == ',') {
                if (count < fieldStart.length) {
                    fieldStart[count] = fieldFrom;
                    fieldEnd[count] = i;
                }
                count++;
                fieldFrom = i + 1;
            }
        }
        fieldsFound = count;
    }

    /** {@code M[M]/D[D]/YYYY}, a real calendar date in years 1..9999. */
    private boolean parseDate(int from, int to) {
        int at = from;
        int m = 0;
        int digits = 0;
        while (at < to && digits < 3 && isDigit(bytes[at])) {
            m = m * 10 + bytes[at++] - '0';
            digits++;
        }
        if (digits < 1 || digits > 2 || at >= to || bytes[at++] != '/') {
            return false;
        }
        int d = 0;
        digits = 0;
        while (at < to && digits < 3 && isDigit(bytes[at])) {
            d = d * 10 + bytes[at++] - '0';
            digits++;
        }
        if (digits < 1 || digits > 2 || at >= to || bytes[at++] != '/' || to - at != 4) {
            return false;
        }
        int y = 0;
        while (at < to) {
            if (!isDigit(bytes[at])) {
                return false;
            }
            y = y * 10 + bytes[at++] - '0';
        }
        if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
            return false;
        }
        year = y;
        month = m;
        day = d;
        return true;
    }

    /** {@code H[H]:MM:SS} with an optional fraction of 1..9 digits, {@code .mmm} in the ASX files. */
    private boolean parseTime(int from, int to) {
        int at = from;
        int hour = 0;
        int digits = 0;
        while (at < to && digits < 3 && isDigit(bytes[at])) {
            hour = hour * 10 + bytes[at++] - '0';
            digits++;
        }
        if (digits < 1 || digits > 2 || hour > 23 || to - at < 6 || bytes[at] != ':' || bytes[at + 3] != ':'
            || !isDigit(bytes[at + 1]) || !isDigit(bytes[at + 2]) || !isDigit(bytes[at + 4]) || !isDigit(bytes[at + 5])) {
            return false;
        }
        int minute = (bytes[at + 1] - '0') * 10 + bytes[at + 2] - '0';
        int second = (bytes[at + 4] - '0') * 10 + bytes[at + 5] - '0';
        if (minute > 59 || second > 59) {
            return false;
        }
        at += 6;
        int nanos = 0;
        if (at < to) {
            if (bytes[at++] != '.' || to - at < 1 || to - at > 9) {
                return false;
            }
            int scale = 100_000_000;
            while (at < to) {
                if (!isDigit(bytes[at])) {
                    return false;
                }
                nanos += (bytes[at++] - '0') * scale;
                scale /= 10;
            }
        }
        secondOfDay = hour * 3600 + minute * 60 + second;
        nanoOfSecond = nanos;
        return true;
    }

    /** A non-negative exact decimal into {@link #value}, scaled by 10^8. */
    private RejectReason decimal(int field) {
        long parsed = Scaled.parse(text, fieldStart[field], fieldEnd[field]);
        if (parsed == Scaled.INVALID) {
            return reject(RejectReason.BAD_NUMBER, field, whyNotDecimal(fieldStart[field], fieldEnd[field]));
        }
        if (parsed < 0) {
            return reject(RejectReason.BAD_VALUE, field, "is negative");
        }
        value = parsed;
        return null;
    }

    /** A non-negative integer of at most {@code max} into {@link #value}. */
    private RejectReason integer(int field, long max) {
        int from = fieldStart[field];
        int to = fieldEnd[field];
        boolean negative = from < to && bytes[from] == '-';
        int at = negative ? from + 1 : from;
        if (at == to) {
            return reject(RejectReason.BAD_NUMBER, field, "is not an integer");
        }
        long parsed = 0;
        boolean tooLarge = false;
        for (; at < to; at++) {
            byte c = bytes[at];
            if (!isDigit(c)) {
                return reject(RejectReason.BAD_NUMBER, field, "is not an integer");
            }
            if (!tooLarge) {
                parsed = parsed * 10 + c - '0';
                tooLarge = parsed > max;
            }
        }
        if (negative && (parsed != 0 || tooLarge)) {
            return reject(RejectReason.BAD_VALUE, field, "is negative");
        }
        if (tooLarge) {
            return reject(RejectReason.BAD_NUMBER, field, "is larger than " + max);
        }
        value = parsed;
        return null;
    }

    private RejectReason reject(RejectReason reason, int field, String problem) {
        message = "field " + (field + 1) + " (" + format.fieldName(field + 1) + ") '" + field(field) + "' " + problem;
        return reason;
    }

    /** Called only for text {@link Scaled#parse} refused: says which of its rules it broke. */
    private String whyNotDecimal(int from, int to) {
        int at = from < to && bytes[from] == '-' ? from + 1 : from;
        int point = -1;
        for (int i = at; i < to; i++) {
            if (bytes[i] == '.' && point < 0) {
                point = i;
            } else if (!isDigit(bytes[i])) {
                return "is not a decimal";
            }
        }
        if (to == at || (point >= 0 && to - at == 1)) {
            return "is not a decimal";
        }
        if (point >= 0 && to - point - 1 > Scaled.SCALE_DIGITS) {
            return "has more than " + Scaled.SCALE_DIGITS + " decimal places";
        }
        return "does not fit decimal(18,8)";
    }

    private String field(int field) {
        return text.toString(fieldStart[field], fieldEnd[field]);
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) {
            return 29;
        }
        return DAYS_IN_MONTH[month];
    }
}
