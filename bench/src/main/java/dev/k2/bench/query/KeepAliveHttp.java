package dev.k2.bench.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A synchronous HTTP/1.1 client on one kept-alive blocking socket, as {@code curl} or Python's
 * {@code requests.Session} use one: the calling thread writes the GET and reads the answer, two
 * thread wake-ups per request, so what it measures is the server. It reads answers with a
 * {@code Content-Length} (what a one-batch result is) and refuses anything else loudly.
 */
public final class KeepAliveHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] request;
    private byte[] buffer = new byte[64 * 1024];
    private int status;
    private int bodyOffset;
    private int bodyLength;

    public KeepAliveHttp(int port, String pathAndQuery, String apiKey) {
        this.request = ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-API-Key: " + apiKey
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** Sends the GET and reads the whole answer; its status and body are then readable. */
    public void call() throws IOException {
        out.write(request);
        out.flush();
        int filled = 0;
        int headerEnd = -1;
        while (headerEnd < 0) {
            filled = read(filled);
            headerEnd = indexOfBlankLine(filled);
        }
        String head = new String(buffer, 0, headerEnd, StandardCharsets.US_ASCII);
        status = Integer.parseInt(head.substring(9, 12));
        int at = head.toLowerCase(java.util.Locale.ROOT).indexOf("\r\ncontent-length:");
        if (at < 0) {
            throw new IOException("the answer has no Content-Length (chunked?): " + head);
        }
        int lineEnd = head.indexOf("\r\n", at + 2);
        bodyLength = Integer.parseInt(head.substring(at + 17, lineEnd < 0 ? head.length() : lineEnd).trim());
        bodyOffset = headerEnd + 4;
        while (filled < bodyOffset + bodyLength) {
            filled = read(filled);
        }
        if (filled > bodyOffset + bodyLength) {
            throw new IOException((filled - bodyOffset - bodyLength) + " bytes arrived after the answer's body:"
                + " the server answered more than it was asked");
        }
    }

    public int status() {
        return status;
    }

    /** The last answer's body as text. */
    public String body() {
        return new String(buffer, bodyOffset, bodyLength, StandardCharsets.UTF_8);
    }

    /** How often {@code needle} (ASCII) occurs in the last answer's body. */
    public int count(String needle) {
        return count(buffer, bodyOffset, bodyOffset + bodyLength, needle);
    }

    /** How often {@code needle} (ASCII) occurs in {@code bytes[from, to)}. */
    public static int count(byte[] bytes, int from, int to, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        int found = 0;
        outer:
        for (int i = from; i + n.length <= to; i++) {
            for (int j = 0; j < n.length; j++) {
                if (bytes[i + j] != n[j]) {
                    continue outer;
                }
            }
            found++;
        }
        return found;
    }

    private int read(int filled) throws IOException {
        if (filled == buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, filled, buffer.length - filled);
        if (n < 0) {
            throw new IOException("the server closed the connection");
        }
        return filled + n;
    }

    private int indexOfBlankLine(int filled) {
        for (int i = 0; i + 3 < filled; i++) {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
