package dev.k2.query.http;

import dev.k2.query.api.Query;

/**
 * Settings of the HTTP API, with defaults ({@link #defaults()}) and one validation pass.
 *
 * @param host           address to bind; {@code 127.0.0.1} by default (put a TLS proxy in front to expose it)
 * @param port           port to bind; 0 picks a free one ({@link HttpQueryServer#port()} tells which)
 * @param ioThreads      Netty event loop threads ({@code k2-http-io-N})
 * @param queryThreads   threads that open queries and read results ({@code k2-http-query-N}); the engine may block
 * @param queueCapacity  requests waiting for a query thread before new ones get 503
 * @param defaultLimit   rows per page when the request has no {@code limit}
 * @param maxLimit       the largest {@code limit} one request may ask for (400 above it: page with the cursor)
 * @param maxUriBytes    longest request line (414 above it)
 * @param maxHeaderBytes largest header block (431 above it)
 * @param maxBodyBytes   largest request body (413 above it); the API is GET-only, so this is small
 * @param batchRows      rows formatted per network chunk
 * @param idleTimeoutSeconds an idle keep-alive connection is closed after this many seconds
 */
public record HttpServerConfig(String host, int port, int ioThreads, int queryThreads, int queueCapacity,
                               int defaultLimit, int maxLimit, int maxUriBytes, int maxHeaderBytes, int maxBodyBytes,
                               int batchRows, int idleTimeoutSeconds) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public HttpServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("http host is empty: use an address such as 127.0.0.1");
        }
        check("port", port, 0, 65_535);
        check("ioThreads", ioThreads, 1, 64);
        check("queryThreads", queryThreads, 1, 256);
        check("queueCapacity", queueCapacity, 1, 1_000_000);
        check("maxLimit", maxLimit, 1, Query.MAX_LIMIT);
        check("defaultLimit", defaultLimit, 1, maxLimit);
        check("maxUriBytes", maxUriBytes, 256, 1 << 20);
        check("maxHeaderBytes", maxHeaderBytes, 1024, 1 << 20);
        check("maxBodyBytes", maxBodyBytes, 0, 1 << 26);
        check("batchRows", batchRows, 1, 1_000_000);
        check("idleTimeoutSeconds", idleTimeoutSeconds, 1, 86_400);
    }

    /** 127.0.0.1:8080, 1 I/O thread, 2 query threads, limit 1000 (max 1,000,000), 8 KiB URI, 16 KiB headers, 8 KiB body. */
    public static HttpServerConfig defaults() {
        return new HttpServerConfig(DEFAULT_HOST, DEFAULT_PORT, 1, 2, 1024, 1000, 1_000_000, 8192, 16_384, 8192,
            512, 60);
    }

    public HttpServerConfig withHost(String newHost) {
        return new HttpServerConfig(newHost, port, ioThreads, queryThreads, queueCapacity, defaultLimit, maxLimit,
            maxUriBytes, maxHeaderBytes, maxBodyBytes, batchRows, idleTimeoutSeconds);
    }

    public HttpServerConfig withPort(int newPort) {
        return new HttpServerConfig(host, newPort, ioThreads, queryThreads, queueCapacity, defaultLimit, maxLimit,
            maxUriBytes, maxHeaderBytes, maxBodyBytes, batchRows, idleTimeoutSeconds);
    }

    public HttpServerConfig withLimits(int newDefaultLimit, int newMaxLimit) {
        return new HttpServerConfig(host, port, ioThreads, queryThreads, queueCapacity, newDefaultLimit, newMaxLimit,
            maxUriBytes, maxHeaderBytes, maxBodyBytes, batchRows, idleTimeoutSeconds);
    }

    public HttpServerConfig withBatchRows(int newBatchRows) {
        return new HttpServerConfig(host, port, ioThreads, queryThreads, queueCapacity, defaultLimit, maxLimit,
            maxUriBytes, maxHeaderBytes, maxBodyBytes, newBatchRows, idleTimeoutSeconds);
    }

    /** One line for the start-up log. */
    public String describe() {
        return "http " + host + ":" + port + " io=" + ioThreads + " query=" + queryThreads + " queue=" + queueCapacity
            + " limit=" + defaultLimit + "/" + maxLimit + " uri<=" + maxUriBytes + "B headers<=" + maxHeaderBytes
            + "B body<=" + maxBodyBytes + "B batch=" + batchRows + " idle=" + idleTimeoutSeconds + "s";
    }

    private static void check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("http " + name + " = " + value + " is out of range: use " + min + ".." + max);
        }
    }
}
