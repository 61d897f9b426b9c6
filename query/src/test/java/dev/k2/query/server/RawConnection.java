package dev.k2.query.server;

import dev.k2.query.protocol.Frames;
import dev.k2.query.protocol.SessionEncoder;
import dev.k2.query.protocol.sbe.ErrorDecoder;
import dev.k2.query.protocol.sbe.MessageHeaderDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;

/** A plain blocking socket speaking raw frames, for tests that misbehave on purpose. */
final class RawConnection implements AutoCloseable {
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawConnection(int port, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    RawConnection(int port) throws IOException {
        this(port, 0);
    }

    void send(ByteBuf frame) throws IOException {
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        frame.release();
        send(bytes);
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void logon(String key) throws IOException {
        send(new SessionEncoder().logon(UnpooledByteBufAllocator.DEFAULT, Frames.MIN_VERSION, Frames.MAX_VERSION, key, "raw"));
    }

    /** The next frame's message bytes (header + body), or null at end of stream. */
    byte[] readFrame() throws IOException {
        byte[] length = new byte[4];
        try {
            in.readFully(length);
        } catch (EOFException | SocketException e) {
            return null;
        }
        int n = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] message = new byte[n];
        in.readFully(message);
        return message;
    }

    static int templateId(byte[] message) {
        return new MessageHeaderDecoder().wrap(new UnsafeBuffer(message), 0).templateId();
    }

    static int errorCode(byte[] message) {
        UnsafeBuffer b = new UnsafeBuffer(message);
        MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(b, 0);
        return new ErrorDecoder().wrap(b, Frames.HEADER_BYTES, h.blockLength(), h.version()).code();
    }

    /** Reads until the server closes the connection; true if it did within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (readFrame() != null) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException | EOFException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
