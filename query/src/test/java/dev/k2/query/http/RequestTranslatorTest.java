package dev.k2.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.query.api.AsOf;
import dev.k2.query.api.BarInterval;
import dev.k2.query.api.Direction;
import dev.k2.query.api.Query;
import dev.k2.query.api.TickFilter;
import dev.k2.query.format.OutputFormat;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestTranslatorTest {
    static final long T0 = 1_394_409_600_000_000L;
    final RequestTranslator translator = new RequestTranslator(1000, 1_000_000);

    @Test
    void tradesParametersBecomeATypedQueryWithDefaults() {
        var t = translator.translate("/v1/trades?venue=ASX&symbol=BHP,CBA&symbol=NAB&from=2014-03-10T11:00:00%2B11:00"
            + "&to=" + (T0 + 1) + "&order=desc&as_of=42&format=csv");

        assertThat(t.format()).isEqualTo(OutputFormat.CSV);
        assertThat(t.query()).isEqualTo(new Query.Trades(new TickFilter("ASX", Set.of("BHP", "CBA", "NAB"), T0, T0 + 1),
            Direction.NEWEST_FIRST, 1000, null, new AsOf.Snapshot(42)));
    }

    @Test
    void asOfTimeSummaryZoneAndBarsIntervalAreParsed() {
        assertThat(translator.translate("/v1/quotes?as_of=2014-03-10T00:00:00.5Z").query())
            .isEqualTo(new Query.Quotes(TickFilter.all(), Direction.OLDEST_FIRST, 1000, null, new AsOf.Timestamp(T0 + 500_000)));
        assertThat(translator.translate("/v1/summary/BHP/2014-03-10?zone=Australia/Sydney").query())
            .isEqualTo(new Query.Summary(null, "BHP", LocalDate.of(2014, 3, 10), ZoneId.of("Australia/Sydney"), AsOf.LATEST));
        assertThat(translator.translate("/v1/bars/15m?limit=5").query())
            .isEqualTo(new Query.Bars(TickFilter.all(), BarInterval.M15, 5, null, AsOf.LATEST));
        assertThat(translator.translate("/v1/last?symbol=BHP").query()).isEqualTo(new Query.LastTrades(null, "BHP", 100));
        assertThat(translator.translate("/v1/latest/").query()).isEqualTo(new Query.LatestQuote(null, Set.of()));
    }
}
