package dev.k2.query.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.query.api.Bar;
import dev.k2.query.api.Cursor;
import dev.k2.query.api.SymbolRow;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RowWriterTest {
    static final long T0 = 1_394_409_600_000_000L;
    static final Bar BAR = new Bar("ASX", "BHP", T0, 12_345_678_901L, 123_450_000_000L, 1L, -250_000_000L,
        92_233_720_368_54775807L, 0L, 3);

    @SafeVarargs
    static <R> String write(OutputFormat format, Columns<R> columns, Cursor next, R... rows) throws IOException {
        StringBuilder out = new StringBuilder();
        RowWriter<R> w = RowWriter.of(format, columns);
        w.begin(out);
        for (R r : rows) {
            w.row(out, r);
        }
        w.end(out, next);
        return out.toString();
    }

    @Test
    void barsCsvHasTheExactHeaderAndExactDecimalsNeverThroughDouble() throws IOException {
        assertThat(write(OutputFormat.CSV, Columns.BARS, null, BAR)).isEqualTo(
            "symbol,start,open,high,low,close,volume,vwap,trades\n"
                + "BHP,2014-03-10T00:00:00.000000Z,123.45678901,1234.5,0.00000001,-2.5,92233720368.54775807,0,3\n");
    }

    @Test
    void jsonWritesDecimalsAsStringsTimesWithMicrosecondsAndTheCursor() throws IOException {
        Cursor c = new Cursor(1, 2, 3, 4, 5);
        assertThat(write(OutputFormat.JSON, Columns.BARS, c, BAR)).isEqualTo(
            "{\"rows\":[{\"symbol\":\"BHP\",\"start\":\"2014-03-10T00:00:00.000000Z\",\"open\":\"123.45678901\","
                + "\"high\":\"1234.5\",\"low\":\"0.00000001\",\"close\":\"-2.5\",\"volume\":\"92233720368.54775807\","
                + "\"vwap\":\"0\",\"trades\":3}],\"next_cursor\":\"" + c.encode() + "\"}\n");
        assertThat(write(OutputFormat.JSON, Columns.BARS, null)).isEqualTo("{\"rows\":[],\"next_cursor\":null}\n");
    }

    @Test
    void textIsEscapedForJsonAndQuotedForCsvOnlyWhenNeeded() throws IOException {
        SymbolRow odd = new SymbolRow("X\"Y", "A,B", "line\nbreak\u0001");
        assertThat(write(OutputFormat.JSON, Columns.SYMBOLS, null, odd)).isEqualTo(
            "{\"rows\":[{\"venue\":\"X\\\"Y\",\"symbol\":\"A,B\",\"asset_class\":\"line\\nbreak\\u0001\"}],\"next_cursor\":null}\n");
        assertThat(write(OutputFormat.CSV, Columns.SYMBOLS, null, odd, new SymbolRow("ASX", "BHP", null))).isEqualTo(
            "venue,symbol,asset_class\n\"X\"\"Y\",\"A,B\",\"line\nbreak\u0001\"\nASX,BHP,\n");
    }

    @Test
    void tableAlignsNumbersRightAndNamesTheNextCursor() throws IOException {
        Cursor c = new Cursor(1, 2, 3, 4, 5);
        String table = write(OutputFormat.TABLE, Columns.BARS, c, BAR,
            new Bar("ASX", "CBA", T0 + 60_000_000L, 8_000_000_000L, 8_000_000_000L, 8_000_000_000L, 8_000_000_000L,
                100_000_000L, 8_000_000_000L, 1));
        assertThat(table.lines().toList()).containsExactly(
            "symbol  start                                open    high         low  close                volume  vwap  trades",
            "BHP     2014-03-10T00:00:00.000000Z  123.45678901  1234.5  0.00000001   -2.5  92233720368.54775807     0       3",
            "CBA     2014-03-10T00:01:00.000000Z            80      80          80     80                     1    80       1",
            "2 rows; more with cursor " + c.encode());
    }

    @Test
    void timesAreIsoUtcWithSixFractionDigitsAlsoBefore1970() {
        assertThat(ValueText.time(0)).isEqualTo("1970-01-01T00:00:00.000000Z");
        assertThat(ValueText.time(-1)).isEqualTo("1969-12-31T23:59:59.999999Z");
        assertThat(ValueText.time(T0 + 123_456)).isEqualTo("2014-03-10T00:00:00.123456Z");
    }

    @Test
    void timesMatchJavaTimesCalendarOverTheWholeRangeOfMicros() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        long[] edges = {Long.MIN_VALUE, Long.MAX_VALUE, -62_135_596_800_000_000L - 1, 951_782_400_000_000L,
            951_868_799_999_999L, -2_203_891_200_000_000L, 4_107_542_400_000_000L, 253_402_300_799_999_999L,
            253_402_300_800_000_000L};
        for (long micros : edges) {
            assertThat(ValueText.time(micros)).as("micros %d", micros).isEqualTo(javaTime(micros));
        }
        for (int i = 0; i < 200_000; i++) {
            long micros = i % 2 == 0 ? random.nextLong() : random.nextLong(-5_000_000_000_000_000L, 5_000_000_000_000_000L);
            assertThat(ValueText.time(micros)).as("micros %d", micros).isEqualTo(javaTime(micros));
        }
    }

    /** The oracle: java.time's calendar, with the sign rule for years outside 0..9999. */
    private static String javaTime(long micros) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0,
            java.time.ZoneOffset.UTC);
        int year = t.getYear();
        String y = year < 0 ? String.format("-%04d", -year) : year > 9999 ? "+" + year : String.format("%04d", year);
        return String.format("%s-%02d-%02dT%02d:%02d:%02d.%06dZ", y, t.getMonthValue(), t.getDayOfMonth(), t.getHour(),
            t.getMinute(), t.getSecond(), Math.floorMod(micros, 1_000_000L));
    }
}
