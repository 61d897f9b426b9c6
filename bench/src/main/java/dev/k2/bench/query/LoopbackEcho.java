package dev.k2.bench.query;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The floor under any request/response over loopback on this machine: an echo on 127.0.0.1 (one
 * server thread, TCP_NODELAY) that answers each {@value #REQUEST_BYTES}-byte request with
 * {@code responseBytes} bytes, the size of a last-100-trades answer. What the engine adds to a
 * query's latency is its latency minus this, measured in the same run.
 *
 * <p>{@link Wait} says how each side waits for its bytes. A blocking side is a {@link Socket}'s
 * streams, as in the engine's blocking client: blocking on both sides costs two thread wake-ups per
 * call and nothing else. A spinning side polls a non-blocking {@link SocketChannel} while it waits
 * for an answer (the client) or while requests keep coming (the echo thread, which blocks again after
 * 50 ms without one), so its wake-up leaves the latency; where both spin, what is left of the tail is
 * the machine's (a CPU taken from a running thread). Spinning is for measurement only: two spinning
 * threads take both CPUs of a two-CPU machine.
 */
public final class LoopbackEcho implements AutoCloseable {
    public static final int REQUEST_BYTES = 64;
    private static final long SPIN_IDLE_NANOS = 50_000_000;

    /** How the client and the echo thread wait for their bytes. */
    public enum Wait {
        BLOCKING(false, false), CLIENT_SPINS(true, false), BOTH_SPIN(true, true);

        final boolean clientSpins;
        final boolean serverSpins;

        Wait(boolean clientSpins, boolean serverSpins) {
            this.clientSpins = clientSpins;
            this.serverSpins = serverSpins;
        }
    }

    private final Closeable server;
    private final Socket client;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] request = new byte[REQUEST_BYTES];
    private final byte[] response;
    private final SocketChannel spinning;
    private final ByteBuffer spinRequest = ByteBuffer.allocateDirect(REQUEST_BYTES);
    private final ByteBuffer spinResponse;

    public LoopbackEcho(int responseBytes) {
        this(responseBytes, Wait.BLOCKING);
    }

    public LoopbackEcho(int responseBytes, Wait wait) {
        this.response = new byte[responseBytes];
        this.spinResponse = ByteBuffer.allocateDirect(responseBytes);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try {
            int port;
            if (wait.serverSpins) {
                ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0), 1);
                server = channel;
                port = channel.socket().getLocalPort();
                daemon(() -> serveSpinning(channel));
            } else {
                ServerSocket socket = new ServerSocket(0, 1, loopback);
                server = socket;
                port = socket.getLocalPort();
                daemon(() -> serveBlocking(socket));
            }
            if (wait.clientSpins) {
                spinning = SocketChannel.open(new InetSocketAddress(loopback, port));
                spinning.setOption(StandardSocketOptions.TCP_NODELAY, true);
                spinning.configureBlocking(false);
                client = null;
                in = null;
                out = null;
            } else {
                spinning = null;
                client = new Socket(loopback, port);
                client.setTcpNoDelay(true);
                in = client.getInputStream();
                out = client.getOutputStream();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the loopback echo baseline: " + e.getMessage(), e);
        }
    }

    private static void daemon(Runnable serve) {
        Thread echo = new Thread(serve, "k2-bench-echo");
        echo.setDaemon(true);
        echo.start();
    }

    private void serveBlocking(ServerSocket server) {
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

    private void serveSpinning(ServerSocketChannel server) {
        try (SocketChannel s = server.accept()) {
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            s.configureBlocking(false);
            ByteBuffer r = ByteBuffer.allocateDirect(REQUEST_BYTES);
            ByteBuffer answer = ByteBuffer.allocateDirect(response.length);
            while (awaitRequest(s, r.clear())) {
                drain(s, answer.clear());
            }
        } catch (IOException e) {
            // the client closed: the baseline is over
        }
    }

    /**
     * The spinning echo thread's wait: spins until {@value #SPIN_IDLE_NANOS} ns have passed without a
     * request, then blocks for the next one, so it takes a CPU only while its variant runs.
     */
    private static boolean awaitRequest(SocketChannel s, ByteBuffer into) throws IOException {
        long idleSince = System.nanoTime();
        while (into.position() == 0 && System.nanoTime() - idleSince < SPIN_IDLE_NANOS) {
            if (s.read(into) < 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        if (into.position() == 0) {
            s.configureBlocking(true);
            int n = s.read(into);
            s.configureBlocking(false);
            if (n < 0) {
                return false;
            }
        }
        return fill(s, into);
    }

    /** One request and its whole response. */
    public void call() throws IOException {
        if (spinning != null) {
            drain(spinning, spinRequest.clear());
            if (!fill(spinning, spinResponse.clear())) {
                throw new IOException("the loopback echo closed early");
            }
            return;
        }
        out.write(request);
        out.flush();
        if (in.readNBytes(response, 0, response.length) != response.length) {
            throw new IOException("the loopback echo closed early");
        }
    }

    /** Reads until {@code into} is full, spinning while nothing has come; false at end of stream. */
    private static boolean fill(SocketChannel channel, ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into);
            if (n < 0) {
                return false;
            }
            if (n == 0) {
                Thread.onSpinWait();
            }
        }
        return true;
    }

    private static void drain(SocketChannel channel, ByteBuffer from) throws IOException {
        while (from.hasRemaining()) {
            if (channel.write(from) == 0) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (spinning != null) {
            spinning.close();
        } else {
            client.close();
        }
        server.close();
    }
}
