package dev.k2.bench.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The floor under any request/response over loopback on this machine: a plain blocking-socket echo
 * on 127.0.0.1 (one server thread, TCP_NODELAY) that answers each {@value #REQUEST_BYTES}-byte
 * request with {@code responseBytes} bytes, the size of a last-100-trades answer. Two thread
 * wake-ups per call and nothing else: what the engine adds to a query's latency is its latency
 * minus this, measured in the same run.
 */
public final class LoopbackEcho implements AutoCloseable {
    public static final int REQUEST_BYTES = 64;

    private final ServerSocket server;
    private final Thread echo;
    private final Socket client;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] request = new byte[REQUEST_BYTES];
    private final byte[] response;

    public LoopbackEcho(int responseBytes) {
        this.response = new byte[responseBytes];
        try {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            echo = new Thread(this::serve, "k2-bench-echo");
            echo.setDaemon(true);
            echo.start();
            client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            client.setTcpNoDelay(true);
            in = client.getInputStream();
            out = client.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the loopback echo baseline: " + e.getMessage(), e);
        }
    }

    private void serve() {
        try (Socket s = server.accept()) {
            s.setTcpNoDelay(true);
            InputStream sin = s.getInputStream();
            OutputStream sout = s.getOutputStream();
            byte[] r = new byte[REQUEST_BYTES];
            byte[] answer = new byte[response.length];
            while (sin.readNBytes(r, 0, REQUEST_BYTES) == REQUEST_BYTES) {
                sout.write(answer);
                sout.flush();
            }
        } catch (IOException e) {
            // the client closed: the baseline is over
        }
    }

    /** One request and its whole response. */
    public void call() throws IOException {
        out.write(request);
        out.flush();
        if (in.readNBytes(response, 0, response.length) != response.length) {
            throw new IOException("the loopback echo closed early");
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        server.close();
    }
}
