package dev.k2.query.server;

import dev.k2.query.protocol.Frames;

/**
 * Settings of the binary query server, each with a default ({@link #defaults()}) and checked once
 * by the constructor.
 *
 * @param bindAddress      address to listen on (default {@code 127.0.0.1}: loopback only)
 * @param port             TCP port, 0 for an ephemeral one (default 7070)
 * @param maxFrameBytes    largest frame a client may send (default 1 MiB); larger: FRAME_TOO_LARGE and close
 * @param maxInFlight      requests one connection may have open at once (default 16); more: TOO_MANY_IN_FLIGHT
 * @param batchRows        rows polled from a result stream per batch (default 1,000)
 * @param batchBytes       bytes per batch frame (default 64 KiB; a frame holds at most one row more)
 * @param writeLowBytes    outbound buffer below which a paused connection resumes (default 256 KiB)
 * @param writeHighBytes   outbound buffer above which a connection stops producing (default 1 MiB)
 * @param sendBufferBytes  socket send buffer, 0 = the OS default
 * @param queryThreads     threads that open and poll result streams (default 2; {@code k2-query-N})
 * @param ioThreads        Netty event-loop threads (default 1; {@code k2-query-io-N})
 * @param serverInfo       text sent in LogonAck
 */
public record ServerSettings(String bindAddress, int port, int maxFrameBytes, int maxInFlight, int batchRows,
                             int batchBytes, int writeLowBytes, int writeHighBytes, int sendBufferBytes,
                             int queryThreads, int ioThreads, String serverInfo) {
    public ServerSettings {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind address is empty: use 127.0.0.1 (local) or 0.0.0.0 (all interfaces)");
        }
        check(port >= 0 && port <= 65_535, "port " + port + " is out of range 0..65535");
        check(maxFrameBytes >= 1024, "max frame bytes " + maxFrameBytes + " is below 1024");
        check(maxInFlight >= 1, "max in flight " + maxInFlight + " must be at least 1");
        check(batchRows >= 1 && batchRows <= 65_534, "batch rows " + batchRows + " is out of range 1..65534");
        check(batchBytes >= 1024 && batchBytes <= 16 << 20, "batch bytes " + batchBytes + " is out of range 1 KiB..16 MiB");
        check(writeLowBytes >= 1 && writeHighBytes > writeLowBytes,
            "write water marks " + writeLowBytes + "/" + writeHighBytes + ": need 0 < low < high");
        check(sendBufferBytes >= 0, "send buffer bytes " + sendBufferBytes + " is negative");
        check(queryThreads >= 1, "query threads " + queryThreads + " must be at least 1");
        check(ioThreads >= 1, "io threads " + ioThreads + " must be at least 1");
        serverInfo = serverInfo == null ? "k2" : serverInfo;
    }

    public static ServerSettings defaults() {
        return new ServerSettings("127.0.0.1", 7070, Frames.DEFAULT_MAX_FRAME_BYTES, 16, 1_000, 64 << 10,
            256 << 10, 1 << 20, 0, 2, 1, "k2 query server");
    }

    public ServerSettings withBind(String address, int newPort) {
        return new ServerSettings(address, newPort, maxFrameBytes, maxInFlight, batchRows, batchBytes, writeLowBytes,
            writeHighBytes, sendBufferBytes, queryThreads, ioThreads, serverInfo);
    }

    public ServerSettings withMaxFrameBytes(int bytes) {
        return new ServerSettings(bindAddress, port, bytes, maxInFlight, batchRows, batchBytes, writeLowBytes,
            writeHighBytes, sendBufferBytes, queryThreads, ioThreads, serverInfo);
    }

    public ServerSettings withMaxInFlight(int n) {
        return new ServerSettings(bindAddress, port, maxFrameBytes, n, batchRows, batchBytes, writeLowBytes,
            writeHighBytes, sendBufferBytes, queryThreads, ioThreads, serverInfo);
    }

    public ServerSettings withBatch(int rows, int bytes) {
        return new ServerSettings(bindAddress, port, maxFrameBytes, maxInFlight, rows, bytes, writeLowBytes,
            writeHighBytes, sendBufferBytes, queryThreads, ioThreads, serverInfo);
    }

    public ServerSettings withWriteBuffer(int lowBytes, int highBytes, int socketSendBytes) {
        return new ServerSettings(bindAddress, port, maxFrameBytes, maxInFlight, batchRows, batchBytes, lowBytes,
            highBytes, socketSendBytes, queryThreads, ioThreads, serverInfo);
    }

    public ServerSettings withThreads(int query, int io) {
        return new ServerSettings(bindAddress, port, maxFrameBytes, maxInFlight, batchRows, batchBytes, writeLowBytes,
            writeHighBytes, sendBufferBytes, query, io, serverInfo);
    }

    /** One line for the start-up log. */
    public String describe() {
        return "bind=" + bindAddress + ":" + port + " maxFrameBytes=" + maxFrameBytes + " maxInFlight=" + maxInFlight
            + " batchRows=" + batchRows + " batchBytes=" + batchBytes + " writeBuffer=" + writeLowBytes + "/" + writeHighBytes
            + " queryThreads=" + queryThreads + " ioThreads=" + ioThreads;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
