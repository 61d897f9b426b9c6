package dev.k2.feeds.binary;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Where the binary feed connects and how it reconnects.
 *
 * @param liveHost         host of the live port
 * @param livePort         live port (ticks, heartbeats)
 * @param retransmitHost   host of the retransmission port
 * @param retransmitPort   retransmission port (gap re-requests)
 * @param reconnectMinNs   first reconnect delay; doubles on each failed attempt
 * @param reconnectMaxNs   the cap of the reconnect delay
 * @param retryFullRingNs  how soon a paused connection retries when the ring was full
 */
public record BinaryFeedSettings(String liveHost, int livePort, String retransmitHost, int retransmitPort,
                                 long reconnectMinNs, long reconnectMaxNs, long retryFullRingNs) {
    public static final long DEFAULT_RECONNECT_MIN_NS = Duration.ofMillis(50).toNanos();
    public static final long DEFAULT_RECONNECT_MAX_NS = Duration.ofSeconds(5).toNanos();
    public static final long DEFAULT_RETRY_FULL_RING_NS = Duration.ofNanos(50_000).toNanos();

    public BinaryFeedSettings {
        checkPort("live", livePort);
        checkPort("retransmission", retransmitPort);
    }

    private static void checkPort(String what, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(what + " port " + port + " is not 1..65535");
        }
    }

    /** Default back-off and retry timing. */
    public static BinaryFeedSettings of(String liveHost, int livePort, String retransmitHost, int retransmitPort) {
        return new BinaryFeedSettings(liveHost, livePort, retransmitHost, retransmitPort, DEFAULT_RECONNECT_MIN_NS,
            DEFAULT_RECONNECT_MAX_NS, DEFAULT_RETRY_FULL_RING_NS);
    }

    /**
     * From {@code tcp://HOST:PORT} URLs; without a retransmission URL, the live host at the live port + 1.
     *
     * @throws IllegalArgumentException naming the bad URL and the expected form
     */
    public static BinaryFeedSettings fromUrls(String liveUrl, String retransmitUrl) {
        URI live = parse("--url", liveUrl);
        URI retransmit = retransmitUrl == null ? null : parse("--retransmit-url", retransmitUrl);
        return of(live.getHost(), live.getPort(), retransmit == null ? live.getHost() : retransmit.getHost(),
            retransmit == null ? live.getPort() + 1 : retransmit.getPort());
    }

    private static URI parse(String option, String url) {
        try {
            URI uri = new URI(url);
            if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
                throw new IllegalArgumentException(option + " '" + url + "': use tcp://HOST:PORT, e.g. tcp://127.0.0.1:9100");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(option + " '" + url + "': " + e.getMessage()
                + "; use tcp://HOST:PORT, e.g. tcp://127.0.0.1:9100", e);
        }
    }
}
