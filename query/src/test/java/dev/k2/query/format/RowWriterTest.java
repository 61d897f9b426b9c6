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
}
