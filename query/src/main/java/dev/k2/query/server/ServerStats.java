package dev.k2.query.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the query server, written by its threads, read by anyone (metrics, tests). */
public final class ServerStats {
    final AtomicLong connections = new AtomicLong();
    final AtomicLong openConnections = new AtomicLong();
    final AtomicLong logons = new AtomicLong();
    final AtomicLong authFailures = new AtomicLong();
    final AtomicLong versionRefusals = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong answeredFromMemory = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong cancelled = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong tooManyInFlight = new AtomicLong();
    final AtomicLong framesTooLarge = new AtomicLong();
    final AtomicLong malformedFrames = new AtomicLong();
    final AtomicLong protocolErrors = new AtomicLong();
    final AtomicLong connectionErrors = new AtomicLong();
    final AtomicLong rowsSent = new AtomicLong();
    final AtomicLong framesSent = new AtomicLong();
    final AtomicLong pausedForWritability = new AtomicLong();

    public long connections() {
        return connections.get();
    }

    public long openConnections() {
        return openConnections.get();
    }

    public long logons() {
        return logons.get();
    }

    public long authFailures() {
        return authFailures.get();
    }

    public long versionRefusals() {
        return versionRefusals.get();
    }

    public long requests() {
        return requests.get();
    }

    public long completed() {
        return completed.get();
    }

    /** Requests answered on the I/O thread from the hot store (counted in {@link #completed} too). */
    public long answeredFromMemory() {
        return answeredFromMemory.get();
    }

    public long failed() {
        return failed.get();
    }

    public long cancelled() {
        return cancelled.get();
    }

    public long rateLimited() {
        return rateLimited.get();
    }

    public long tooManyInFlight() {
        return tooManyInFlight.get();
    }

    public long framesTooLarge() {
        return framesTooLarge.get();
    }

    /** Frames that could not be decoded (bad length, unknown template, truncated body, bad header). */
    public long malformedFrames() {
        return malformedFrames.get();
    }

    /** Well-formed frames out of turn (a request before logon, a second logon, a server message). */
    public long protocolErrors() {
        return protocolErrors.get();
    }

    /** Unexpected exceptions on a connection (I/O errors, bugs); each closes that connection only. */
    public long connectionErrors() {
        return connectionErrors.get();
    }

    public long rowsSent() {
        return rowsSent.get();
    }

    public long framesSent() {
        return framesSent.get();
    }

    /** Times a result stopped producing because its connection was not writable. */
    public long pausedForWritability() {
        return pausedForWritability.get();
    }

    /** Every counter by name, in a stable order (for metrics and logs). */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("connections", connections());
        m.put("open_connections", openConnections());
        m.put("logons", logons());
        m.put("auth_failures", authFailures());
        m.put("version_refusals", versionRefusals());
        m.put("requests", requests());
        m.put("completed", completed());
        m.put("answeredFromMemory", answeredFromMemory());
        m.put("failed", failed());
        m.put("cancelled", cancelled());
        m.put("rate_limited", rateLimited());
        m.put("too_many_in_flight", tooManyInFlight());
        m.put("frames_too_large", framesTooLarge());
        m.put("malformed_frames", malformedFrames());
        m.put("protocol_errors", protocolErrors());
        m.put("connection_errors", connectionErrors());
        m.put("rows_sent", rowsSent());
        m.put("frames_sent", framesSent());
        m.put("paused_for_writability", pausedForWritability());
        return m;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
