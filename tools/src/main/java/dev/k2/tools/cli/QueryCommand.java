package dev.k2.tools.cli;

import dev.k2.query.api.Query;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.TickRow;
import dev.k2.query.client.K2Client;
import dev.k2.query.client.ResultIterator;
import dev.k2.query.format.Columns;
import dev.k2.query.format.OutputFormat;
import dev.k2.query.format.RowWriter;
import dev.k2.query.format.TickLineWriter;
import dev.k2.query.http.RequestTranslator;
import dev.k2.tools.runtime.StopSignal;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code k2 query KIND ...}: a client of {@code k2 serve}'s binary protocol. Options are translated
 * by the HTTP API's {@link RequestTranslator}, so both front ends accept the same values.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {
        "Query a running `k2 serve` over its binary protocol and print the rows.",
        "KIND is one of:",
        "  trades, quotes   raw ticks (--symbol, --venue, --from, --to, --order, --limit, --cursor, --as-of)",
        "  last             the newest --limit trades of one --symbol (default 100), newest first",
        "  latest           the latest quote of each --symbol (all symbols without --symbol)",
        "  bars             OHLCV bars with volume, VWAP and trade count (--interval 1s|1m|5m|15m|1h|1d)",
        "  summary          one --symbol's day (--date yyyy-MM-dd; --zone, default the venue's zone)",
        "  symbols, stats, snapshots",
        "  subscribe        new ticks as they are journaled, after history from --from; until Ctrl-C",
        "Times are ISO-8601 instants (2014-03-10T00:00:00Z), dates (UTC midnight) or epoch microseconds;",
        "the range is [from, to). A cut result prints a cursor: pass it back with --cursor for the next page.",
        "The key comes from --key or the K2_API_KEY environment variable (create one with `k2 keys add`)."})
public final class QueryCommand implements Callable<Integer> {
    private static final List<String> KINDS = List.of("trades", "quotes", "last", "latest", "bars", "summary", "symbols",
        "stats", "snapshots", "subscribe");
    private static final Pattern PARAMETER = Pattern.compile("parameter '([a-z_]+)'");

    @Parameters(index = "0", paramLabel = "KIND", description = "What to query (see above).")
    String kind;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server address. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--port", paramLabel = "P", defaultValue = "7070", description = "Binary protocol port. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--key", paramLabel = "K", description = "API key (or set K2_API_KEY; a key on the command line shows in ps).")
    String key;

    @Option(names = "--venue", paramLabel = "V", description = "Venue, e.g. ASX or BINANCE. Default: any.")
    String venue;

    @Option(names = "--symbol", paramLabel = "S", split = ",", description = "Symbol(s), repeatable or comma separated. Default: all.")
    List<String> symbols = new ArrayList<>();

    @Option(names = "--from", paramLabel = "T", description = "Start of the time range (inclusive).")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "End of the time range (exclusive).")
    String to;

    @Option(names = "--interval", paramLabel = "I", defaultValue = "1m", description = "Bar width for bars. Default: ${DEFAULT-VALUE}")
    String interval;

    @Option(names = "--limit", paramLabel = "N", description = "Rows per page (trades/quotes/bars default 1000; last 100).")
    Integer limit;

    @Option(names = "--order", paramLabel = "asc|desc", description = "Tick order for trades and quotes. Default: asc")
    String order;

    @Option(names = "--cursor", paramLabel = "C", description = "Continue a cut result from its cursor.")
    String cursor;

    @Option(names = "--as-of", paramLabel = "SNAPSHOT|TIME", description = "Pin to a cold snapshot id, or the snapshot current at TIME.")
    String asOf;

    @Option(names = "--date", paramLabel = "D", description = "Day for summary (yyyy-MM-dd).")
    String date;

    @Option(names = "--zone", paramLabel = "Z", description = "Time zone of the summary day, e.g. UTC. Default: the venue's.")
    String zone;

    @Option(names = "--format", paramLabel = "F", defaultValue = "table", description = "table, csv or json. Default: ${DEFAULT-VALUE}")
    String format;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String k = kind.toLowerCase(Locale.ROOT);
        if (!KINDS.contains(k)) {
            throw new IllegalArgumentException("unknown query '" + kind + "': use one of " + String.join(", ", KINDS));
        }
        String apiKey = key != null ? key : System.getenv("K2_API_KEY");
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("no API key: pass --key K or set K2_API_KEY (create one with `k2 keys add NAME`)");
        }
        OutputFormat outputFormat;
        Query<?> query;
        try {
            outputFormat = OutputFormat.parse(format);
            query = k.equals("subscribe") ? subscribe() : translate(k);
        } catch (QueryException e) {
            throw new IllegalArgumentException(asOptions(e.getMessage()));
        }
        try (K2Client client = K2Client.connect(host, port, apiKey)) {
            if (query instanceof Query.Subscribe s) {
                return subscribe(client, s, outputFormat);
            }
            return print(client, query, outputFormat);
        } catch (QueryException e) {
            System.err.println("k2 query: " + e.code() + ": " + asOptions(e.getMessage()));
            return 1;
        }
    }

    private <R> int print(K2Client client, Query<R> query, OutputFormat outputFormat) throws IOException {
        PrintStream out = System.out;
        RowWriter<R> writer = RowWriter.of(outputFormat, Columns.of(query));
        try (ResultIterator<R> rows = client.iterate(query)) {
            writer.begin(out);
            while (rows.hasNext()) {
                writer.row(out, rows.next());
            }
            writer.end(out, rows.nextCursor());
            if (outputFormat == OutputFormat.CSV && rows.nextCursor() != null) {
                System.err.println("more rows: --cursor " + rows.nextCursor().encode());
            }
        }
        out.flush();
        return 0;
    }

    private int subscribe(K2Client client, Query.Subscribe query, OutputFormat outputFormat)
        throws IOException, InterruptedException {
        TickLineWriter writer = new TickLineWriter(outputFormat);
        PrintStream out = System.out;
        writer.header(out);
        try (StopSignal stop = StopSignal.install(); ResultIterator<TickRow> ticks = client.iterate(query)) {
            Thread reader = Thread.currentThread();
            Thread watcher = Thread.ofPlatform().daemon().name("k2-query-stop").start(() -> {
                try {
                    stop.await();
                    ticks.close(); // cancels the subscription; hasNext() then ends
                    reader.interrupt();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                while (!stop.stopped() && ticks.hasNext()) {
                    writer.line(out, ticks.next());
                    out.flush();
                }
            } catch (QueryException e) {
                if (!stop.stopped()) {
                    throw e;
                }
            } finally {
                watcher.interrupt();
            }
        }
        return 0;
    }

    private Query.Subscribe subscribe() {
        Long fromMicros = from == null ? null : RequestTranslator.time("from", from);
        if (to != null || asOf != null || cursor != null) {
            throw new IllegalArgumentException("subscribe takes --symbol, --venue and --from only: drop --to, --as-of and --cursor");
        }
        Set<String> wanted = new LinkedHashSet<>(symbols);
        return new Query.Subscribe(true, true, venue, wanted, fromMicros);
    }

    /** Builds the HTTP API's request for the same query and lets its translator validate it. */
    private Query<?> translate(String k) {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "venue", venue);
        if (!symbols.isEmpty()) {
            p.put("symbol", String.join(",", symbols));
        }
        String path = switch (k) {
            case "trades", "quotes" -> {
                put(p, "from", from);
                put(p, "to", to);
                put(p, "limit", limit);
                put(p, "order", order);
                put(p, "cursor", cursor);
                put(p, "as_of", asOf);
                yield "/v1/" + k;
            }
            case "bars" -> {
                put(p, "from", from);
                put(p, "to", to);
                put(p, "limit", limit);
                put(p, "cursor", cursor);
                put(p, "as_of", asOf);
                yield "/v1/bars/" + enc(interval);
            }
            case "summary" -> {
                if (symbols.size() != 1 || date == null) {
                    throw new IllegalArgumentException("summary needs one --symbol and --date yyyy-MM-dd, e.g. --symbol BHP --date 2014-03-10");
                }
                p.remove("symbol");
                put(p, "zone", zone);
                put(p, "as_of", asOf);
                yield "/v1/summary/" + enc(symbols.get(0)) + "/" + enc(date);
            }
            case "last" -> {
                put(p, "n", limit);
                yield "/v1/last";
            }
            case "snapshots" -> {
                put(p, "limit", limit);
                yield "/v1/" + k;
            }
            default -> "/v1/" + k;
        };
        StringBuilder uri = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> e : p.entrySet()) {
            uri.append(sep).append(e.getKey()).append('=').append(enc(e.getValue()));
            sep = '&';
        }
        return new RequestTranslator(1_000, Query.MAX_LIMIT).translate(uri.toString()).query();
    }

    private static void put(Map<String, String> p, String name, Object value) {
        if (value != null) {
            p.put(name, value.toString());
        }
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The translator names HTTP parameters; on the command line they are options. */
    static String asOptions(String message) {
        Matcher m = PARAMETER.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String option = switch (name) {
                case "n" -> "--limit";
                case "as_of" -> "--as-of";
                default -> "--" + name;
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(option));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
