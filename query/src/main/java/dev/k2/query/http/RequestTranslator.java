package dev.k2.query.http;

import dev.k2.query.api.AsOf;
import dev.k2.query.api.BarInterval;
import dev.k2.query.api.Cursor;
import dev.k2.query.api.Direction;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.Query;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.TickFilter;
import dev.k2.query.format.OutputFormat;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a request URI into a typed {@link Query} and an output format; no SQL or free text reaches
 * the engine. Every refusal is a {@link QueryException}: BAD_REQUEST naming the parameter and the
 * accepted form, NOT_FOUND for a path the API does not serve. Stateless and thread-safe.
 *
 * <pre>
 * GET /v1/trades              venue symbol from to limit order cursor as_of format
 * GET /v1/quotes              venue symbol from to limit order cursor as_of format
 * GET /v1/bars/{interval}     venue symbol from to limit cursor as_of format       (interval 1s 1m 5m 15m 1h 1d)
 * GET /v1/summary/{symbol}/{date}  venue zone as_of format                          (date yyyy-MM-dd)
 * GET /v1/last                venue symbol n format                                 (newest n trades, newest first)
 * GET /v1/latest              venue symbol format                                   (newest quote per symbol)
 * GET /v1/symbols             venue format
 * GET /v1/stats               format
 * GET /v1/snapshots           limit format
 * </pre>
 *
 * {@code symbol} repeats or takes a comma-separated list; {@code from}/{@code to} are an ISO-8601
 * instant ({@code 2014-03-10T00:00:00Z}, an offset allowed), a date (its UTC midnight) or epoch
 * microseconds, the range {@code [from, to)}; {@code as_of} is a snapshot id or an ISO-8601 instant.
 */
public final class RequestTranslator {
    /** The query and how to write its rows. */
    public record Translated(Query<?> query, OutputFormat format) {
    }

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");
    private static final String TIME_FORM =
        "use an ISO-8601 instant like 2014-03-10T00:00:00Z, a date like 2014-03-10 (UTC midnight) or epoch microseconds";
    private static final String ENDPOINTS = "/v1/trades, /v1/quotes, /v1/bars/{interval}, /v1/summary/{symbol}/{date}, "
        + "/v1/last, /v1/latest, /v1/symbols, /v1/stats, /v1/snapshots";

    private final int defaultLimit;
    private final int maxLimit;

    public RequestTranslator(int defaultLimit, int maxLimit) {
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    public Translated translate(String uri) {
        QueryStringDecoder decoder;
        String path;
        Map<String, List<String>> parameters;
        try {
            decoder = new QueryStringDecoder(uri);
            path = decoder.path();
            parameters = decoder.parameters();
        } catch (IllegalArgumentException e) {
            throw bad("the request URI is malformed (" + e.getMessage() + "): percent-encode reserved characters");
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] s = path.split("/", -1);
        if (s.length < 3 || !s[0].isEmpty() || !s[1].equals("v1")) {
            throw notFound(path);
        }
        Params p = new Params(parameters, path);
        return switch (s[2]) {
            case "trades" -> {
                requireSegments(s, 3, path);
                p.accept("venue", "symbol", "from", "to", "limit", "order", "cursor", "as_of", "format");
                yield new Translated(new Query.Trades(filter(p), direction(p), limit(p, "limit"), cursor(p), asOf(p)),
                    format(p));
            }
            case "quotes" -> {
                requireSegments(s, 3, path);
                p.accept("venue", "symbol", "from", "to", "limit", "order", "cursor", "as_of", "format");
                yield new Translated(new Query.Quotes(filter(p), direction(p), limit(p, "limit"), cursor(p), asOf(p)),
                    format(p));
            }
            case "bars" -> {
                if (s.length != 4 || s[3].isEmpty()) {
                    throw bad("path /v1/bars needs an interval: /v1/bars/{interval} with one of 1s, 1m, 5m, 15m, 1h, 1d");
                }
                p.accept("venue", "symbol", "from", "to", "limit", "cursor", "as_of", "format");
                BarInterval interval = BarInterval.parse(s[3]);
                yield new Translated(new Query.Bars(filter(p), interval, limit(p, "limit"), cursor(p), asOf(p)), format(p));
            }
            case "summary" -> {
                if (s.length != 5 || s[3].isEmpty() || s[4].isEmpty()) {
                    throw bad("path /v1/summary needs a symbol and a date: /v1/summary/{symbol}/{yyyy-MM-dd}");
                }
                p.accept("venue", "zone", "as_of", "format");
                yield new Translated(new Query.Summary(p.single("venue"), s[3], day(s[4]), zone(p), asOf(p)), format(p));
            }
            case "last" -> {
                requireSegments(s, 3, path);
                p.accept("venue", "symbol", "n", "format");
                Set<String> symbols = p.symbols();
                if (symbols.size() != 1) {
                    throw bad("parameter 'symbol' needs exactly one symbol for /v1/last, got "
                        + (symbols.isEmpty() ? "none" : String.join(",", symbols)) + ": e.g. /v1/last?symbol=BHP&n=10");
                }
                int n = p.has("n") ? limit(p, "n") : Math.min(100, maxLimit);
                yield new Translated(new Query.LastTrades(p.single("venue"), symbols.iterator().next(), n), format(p));
            }
            case "latest" -> {
                requireSegments(s, 3, path);
                p.accept("venue", "symbol", "format");
                yield new Translated(new Query.LatestQuote(p.single("venue"), p.symbols()), format(p));
            }
            case "symbols" -> {
                requireSegments(s, 3, path);
                p.accept("venue", "format");
                yield new Translated(new Query.Symbols(p.single("venue")), format(p));
            }
            case "stats" -> {
                requireSegments(s, 3, path);
                p.accept("format");
                yield new Translated(new Query.Stats(), format(p));
            }
            case "snapshots" -> {
                requireSegments(s, 3, path);
                p.accept("limit", "format");
                yield new Translated(new Query.Snapshots(limit(p, "limit")), format(p));
            }
            default -> throw notFound(path);
        };
    }

    private TickFilter filter(Params p) {
        long from = time(p, "from", TickFilter.MIN_TIME);
        long to = time(p, "to", TickFilter.MAX_TIME);
        if (from > to) {
            throw bad("parameter 'from' (" + p.single("from") + ") is after 'to' (" + p.single("to")
                + "): the range is [from, to)");
        }
        return new TickFilter(p.single("venue"), p.symbols(), from, to);
    }

    private static Direction direction(Params p) {
        String order = p.single("order");
        if (order == null || order.equals("asc")) {
            return Direction.OLDEST_FIRST;
        }
        if (order.equals("desc")) {
            return Direction.NEWEST_FIRST;
        }
        throw bad("parameter 'order': '" + order + "' is not an order: use asc (oldest first) or desc (newest first)");
    }

    private int limit(Params p, String name) {
        String text = p.single(name);
        if (text == null) {
            return defaultLimit;
        }
        long value;
        if (!INTEGER.matcher(text).matches()) {
            value = Long.MIN_VALUE;
        } else {
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                value = Long.MIN_VALUE;
            }
        }
        if (value < 1 || value > maxLimit) {
            throw bad("parameter '" + name + "': '" + text + "' is out of range: use an integer from 1 to " + maxLimit
                + " and page with the cursor");
        }
        return (int) value;
    }

    private static Cursor cursor(Params p) {
        String text = p.single("cursor");
        if (text == null) {
            return null;
        }
        try {
            return Cursor.decode(text);
        } catch (QueryException e) {
            throw bad("parameter 'cursor': " + e.getMessage());
        }
    }

    private static AsOf asOf(Params p) {
        String text = p.single("as_of");
        if (text == null) {
            return AsOf.LATEST;
        }
        if (INTEGER.matcher(text).matches()) {
            try {
                return new AsOf.Snapshot(Long.parseLong(text));
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        } else {
            Long micros = instantMicros(text);
            if (micros != null) {
                return new AsOf.Timestamp(micros);
            }
        }
        throw bad("parameter 'as_of': '" + text + "' is neither a snapshot id nor a time: use a snapshot id "
            + "(see /v1/snapshots) or an ISO-8601 instant like 2014-03-10T00:00:00Z");
    }

    private static OutputFormat format(Params p) {
        String text = p.single("format");
        if (text == null || text.equals("json")) {
            return OutputFormat.JSON;
        }
        if (text.equals("csv")) {
            return OutputFormat.CSV;
        }
        throw bad("parameter 'format': '" + text + "' is not a format: use json or csv");
    }

    private static ZoneId zone(Params p) {
        String text = p.single("zone");
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw bad("parameter 'zone': '" + text + "' is not a time zone: use a region like Australia/Sydney, "
                + "UTC or an offset like +10:00");
        }
    }

    private static LocalDate day(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw bad("path segment date: '" + text + "' is not a date: use yyyy-MM-dd like 2014-03-10");
        }
    }

    private static long time(Params p, String name, long absent) {
        String text = p.single(name);
        return text == null ? absent : time(name, text);
    }

    /** A time parameter: an ISO-8601 instant, a date (UTC midnight) or epoch micros; errors name {@code name}. */
    public static long time(String name, String text) {
        if (INTEGER.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw bad("parameter '" + name + "': '" + text + "' is out of range: " + TIME_FORM);
            }
        }
        Long micros = instantMicros(text);
        if (micros == null) {
            throw bad("parameter '" + name + "': '" + text + "' is not a time: " + TIME_FORM);
        }
        return micros;
    }

    /** An ISO-8601 instant (offset allowed) or date, as UTC epoch micros (truncated); null when neither. */
    private static Long instantMicros(String text) {
        try {
            Instant t = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                : Instant.parse(text);
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static void requireSegments(String[] segments, int count, String path) {
        if (segments.length != count) {
            throw notFound(path);
        }
    }

    private static QueryException bad(String message) {
        return new QueryException(ErrorCode.BAD_REQUEST, message);
    }

    private static QueryException notFound(String path) {
        return new QueryException(ErrorCode.NOT_FOUND, "no endpoint at " + path + ": the API serves " + ENDPOINTS);
    }

    /** The query parameters of one request: each single-valued at most once, none unknown, none empty. */
    private static final class Params {
        private final Map<String, List<String>> values;
        private final String path;

        Params(Map<String, List<String>> values, String path) {
            this.values = values;
            this.path = path;
        }

        void accept(String... names) {
            Set<String> allowed = Set.of(names);
            for (Map.Entry<String, List<String>> e : values.entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    throw bad("unknown parameter '" + e.getKey() + "' for " + path + ": accepted are "
                        + String.join(", ", names));
                }
                for (String v : e.getValue()) {
                    if (v.isEmpty()) {
                        throw bad("parameter '" + e.getKey() + "' is empty: give it a value or leave it out");
                    }
                }
            }
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        String single(String name) {
            List<String> v = values.get(name);
            if (v == null) {
                return null;
            }
            if (v.size() > 1) {
                throw bad("parameter '" + name + "' is given " + v.size() + " times: give it once");
            }
            return v.get(0);
        }

        Set<String> symbols() {
            List<String> v = values.get("symbol");
            if (v == null) {
                return Set.of();
            }
            Set<String> symbols = new LinkedHashSet<>();
            for (String item : v) {
                for (String symbol : item.split(",", -1)) {
                    String t = symbol.trim();
                    if (t.isEmpty()) {
                        throw bad("parameter 'symbol': '" + item + "' has an empty symbol: use symbol=BHP,CBA or repeat symbol=");
                    }
                    symbols.add(t);
                }
            }
            return symbols;
        }
    }
}
