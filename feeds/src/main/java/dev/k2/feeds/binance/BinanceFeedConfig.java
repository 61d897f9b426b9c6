package dev.k2.feeds.binance;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a {@link BinanceFeed} is told, with Binance's published limits as defaults.
 *
 * @param url                 WebSocket base, {@code wss://stream.binance.com:9443} ({@code ws://} for a simulator)
 * @param restUrl             REST base for gap backfill, {@code https://api.binance.com}
 * @param symbols             upper-case symbols, e.g. BTCUSDT
 * @param streams             stream kinds subscribed for every symbol
 * @param maxConnectionAge    a connection's life (Binance: 24 h); its replacement opens {@link #rotationLead()} before
 * @param rotationOverlap     how long the old connection keeps running once its replacement delivers data
 * @param staleAfter          a connection that delivers no data for this long is replaced
 * @param backoffMin          first reconnect wait (doubled per failure, with jitter)
 * @param backoffMax          the cap of the reconnect wait
 * @param connectAttempts     connection attempts allowed per {@code connectWindow} (Binance: 300 per 5 min)
 * @param connectWindow       the window of {@code connectAttempts}
 * @param controlPerSecond    control frames (pong, close) per second per connection (Binance: 5)
 * @param gapGrace            how long a skip may wait for its ids to arrive late before REST is asked
 * @param backfillLimit       trades per REST page (Binance: at most 1000)
 * @param backfillAttempts    REST attempts per page before a gap is given up
 * @param apiKey              sent as {@code X-MBX-APIKEY} on REST calls when not null
 * @param resume              the last id already journaled per stream, so a restart backfills what it missed
 * @param seed                for the back-off jitter
 */
public record BinanceFeedConfig(URI url, URI restUrl, List<String> symbols, List<BinanceStream> streams,
                                Duration maxConnectionAge, Duration rotationOverlap, Duration staleAfter,
                                Duration backoffMin, Duration backoffMax, int connectAttempts, Duration connectWindow,
                                int controlPerSecond, Duration gapGrace, int backfillLimit, int backfillAttempts,
                                String apiKey, ResumePoints resume, long seed) {

    public static final String DEFAULT_URL = "wss://stream.binance.com:9443";
    public static final String DEFAULT_REST_URL = "https://api.binance.com";
    public static final List<String> DEFAULT_SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "BNBUSDT");

    /** The last id journaled for a stream; -1 when none. Asked once per stream, before the first connection. */
    @FunctionalInterface
    public interface ResumePoints {
        ResumePoints NONE = (instrumentId, channel) -> -1;

        long lastId(int instrumentId, int channel);
    }

    public BinanceFeedConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(restUrl, "restUrl");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("--url " + url + ": use ws://host:port or wss://host:port");
        }
        String restScheme = restUrl.getScheme() == null ? "" : restUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!restScheme.equals("http") && !restScheme.equals("https")) {
            throw new IllegalArgumentException("--rest-url " + restUrl + ": use http://host:port or https://host");
        }
        if (symbols.isEmpty() || streams.isEmpty()) {
            throw new IllegalArgumentException("subscribe to at least one symbol and one stream kind");
        }
        symbols = symbols.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).distinct().toList();
        for (String symbol : symbols) {
            if (!symbol.matches("[A-Z0-9_]{1,20}")) {
                throw new IllegalArgumentException("symbol '" + symbol + "': Binance symbols are 1-20 letters or digits, e.g. BTCUSDT");
            }
        }
        streams = List.copyOf(streams);
        if (symbols.size() * streams.size() > 1024) {
            throw new IllegalArgumentException(symbols.size() * streams.size()
                + " streams on one connection: Binance allows at most 1024; subscribe to fewer symbols or kinds");
        }
        positive("max connection age", maxConnectionAge);
        positive("stale-after", staleAfter);
        positive("back-off minimum", backoffMin);
        if (backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("back-off maximum " + backoffMax + " is below its minimum " + backoffMin);
        }
        if (rotationOverlap.isNegative() || gapGrace.isNegative()) {
            throw new IllegalArgumentException("rotation overlap and gap grace must not be negative");
        }
        if (connectAttempts < 1 || controlPerSecond < 1 || backfillAttempts < 1) {
            throw new IllegalArgumentException("connect attempts, control messages per second and backfill attempts must be at least 1");
        }
        if (backfillLimit < 1 || backfillLimit > 1000) {
            throw new IllegalArgumentException("backfill page size " + backfillLimit + ": Binance allows 1..1000");
        }
        resume = resume == null ? ResumePoints.NONE : resume;
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be above zero, not " + value);
        }
    }

    /** Binance's defaults for the given endpoints and symbols (trade streams). */
    public static BinanceFeedConfig of(String url, String restUrl, List<String> symbols) {
        return new BinanceFeedConfig(URI.create(url), URI.create(restUrl), symbols, List.of(BinanceStream.TRADE),
            Duration.ofHours(24), Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMillis(250),
            Duration.ofSeconds(30), 300, Duration.ofMinutes(5), 5, Duration.ofMillis(500), 1000, 5, null,
            ResumePoints.NONE, System.nanoTime());
    }

    public BinanceFeedConfig withStreams(List<BinanceStream> kinds) {
        return new BinanceFeedConfig(url, restUrl, symbols, kinds, maxConnectionAge, rotationOverlap, staleAfter,
            backoffMin, backoffMax, connectAttempts, connectWindow, controlPerSecond, gapGrace, backfillLimit,
            backfillAttempts, apiKey, resume, seed);
    }

    public BinanceFeedConfig withConnectionLife(Duration maxAge, Duration overlap, Duration stale) {
        return new BinanceFeedConfig(url, restUrl, symbols, streams, maxAge, overlap, stale,
            backoffMin, backoffMax, connectAttempts, connectWindow, controlPerSecond, gapGrace, backfillLimit,
            backfillAttempts, apiKey, resume, seed);
    }

    public BinanceFeedConfig withBackoff(Duration min, Duration max) {
        return new BinanceFeedConfig(url, restUrl, symbols, streams, maxConnectionAge, rotationOverlap, staleAfter,
            min, max, connectAttempts, connectWindow, controlPerSecond, gapGrace, backfillLimit,
            backfillAttempts, apiKey, resume, seed);
    }

    public BinanceFeedConfig withGapGrace(Duration grace) {
        return new BinanceFeedConfig(url, restUrl, symbols, streams, maxConnectionAge, rotationOverlap, staleAfter,
            backoffMin, backoffMax, connectAttempts, connectWindow, controlPerSecond, grace, backfillLimit,
            backfillAttempts, apiKey, resume, seed);
    }

    public BinanceFeedConfig withApiKey(String key) {
        return new BinanceFeedConfig(url, restUrl, symbols, streams, maxConnectionAge, rotationOverlap, staleAfter,
            backoffMin, backoffMax, connectAttempts, connectWindow, controlPerSecond, gapGrace, backfillLimit,
            backfillAttempts, key, resume, seed);
    }

    public BinanceFeedConfig withResume(ResumePoints points) {
        return new BinanceFeedConfig(url, restUrl, symbols, streams, maxConnectionAge, rotationOverlap, staleAfter,
            backoffMin, backoffMax, connectAttempts, connectWindow, controlPerSecond, gapGrace, backfillLimit,
            backfillAttempts, apiKey, points, seed);
    }

    /** When the replacement opens: a tenth of the life, at most 5 minutes, before the end. */
    public Duration rotationLead() {
        Duration tenth = maxConnectionAge.dividedBy(10);
        return tenth.compareTo(Duration.ofMinutes(5)) < 0 ? tenth : Duration.ofMinutes(5);
    }

    /** The combined-stream URI: {@code /stream?streams=btcusdt@trade/ethusdt@trade}. */
    public URI streamUri() {
        StringBuilder path = new StringBuilder();
        for (String symbol : symbols) {
            for (BinanceStream stream : streams) {
                if (!path.isEmpty()) {
                    path.append('/');
                }
                path.append(stream.streamName(symbol));
            }
        }
        String base = url.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.endsWith("/stream")) {
            base = base.substring(0, base.length() - "/stream".length());
        }
        return URI.create(base + "/stream?streams=" + path);
    }
}
