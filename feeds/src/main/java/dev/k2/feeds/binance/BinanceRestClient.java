package dev.k2.feeds.binance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches one page of trade history by id from Binance REST:
 * {@code GET /api/v3/historicalTrades?symbol=S&fromId=N&limit=L} or {@code /api/v3/aggTrades?...}.
 * Rare (only after a gap), so it uses the JDK's HTTP client and may allocate. A 429 or 418 (rate
 * limited, or banned for ignoring 429) completes with {@link RateLimited} carrying the server's
 * {@code Retry-After}.
 */
final class BinanceRestClient implements AutoCloseable {
    /** The server asked us to wait. */
    static final class RateLimited extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Duration retryAfter;

        RateLimited(int status, Duration retryAfter) {
            super("HTTP " + status + " (rate limited), retry after " + retryAfter.toSeconds() + " s");
            this.retryAfter = retryAfter;
        }
    }

    private final HttpClient http;
    private final URI base;
    private final String apiKey;
    private final int limit;

    BinanceRestClient(URI base, String apiKey, int limit) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.apiKey = apiKey;
        this.limit = limit;
    }

    CompletableFuture<List<BackfillTrade>> page(BinanceStream stream, String symbol, long fromId) {
        URI uri = URI.create(base + stream.backfillPath() + "?symbol=" + symbol + "&fromId=" + fromId + "&limit=" + limit);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).GET();
        if (apiKey != null) {
            request.header("X-MBX-APIKEY", apiKey);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            int status = response.statusCode();
            if (status == 429 || status == 418) {
                long seconds = response.headers().firstValueAsLong("Retry-After").orElse(status == 418 ? 120 : 10);
                throw new RateLimited(status, Duration.ofSeconds(Math.max(1, Math.min(seconds, 600))));
            }
            if (status != 200) {
                String body = response.body();
                throw new IllegalStateException("GET " + uri + " answered HTTP " + status + ": "
                    + (body.length() > 200 ? body.substring(0, 200) : body));
            }
            return RestTradesParser.parse(response.body(), stream);
        });
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
