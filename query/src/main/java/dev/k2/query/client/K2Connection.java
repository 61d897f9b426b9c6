package dev.k2.query.client;

import dev.k2.engine.tick.Side;
import dev.k2.query.api.Cursor;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.Query;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.TradeFields;
import dev.k2.query.api.TradeRow;
import dev.k2.query.protocol.Frames;
import dev.k2.query.protocol.RequestCodec;
import dev.k2.query.protocol.SessionEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The synchronous client of the K2 query protocol ({@link Frames}): one blocking TCP connection whose
 * caller's thread writes each request and reads its answer itself, one request at a time (calls from
 * several threads take turns). No event loop, no hand-off: a request costs two thread wake-ups (the
 * server's and the caller's), where {@link K2Client} adds its I/O thread's two. Use it for
 * request/response latency; use {@link K2Client} for requests in flight together, subscriptions and
 * asynchronous delivery.
 *
 * <pre>{@code
 * try (K2Connection k2 = K2Connection.connect("127.0.0.1", 7070, apiKey)) {
 *     List<TradeRow> last = k2.fetch(new Query.LastTrades("ASX", "BHP", 100)).rows();
 *     Cursor next = k2.forEach(bigQuery, row -> ...);   // any size: rows are read off the socket as they are used
 *     k2.forEachTrade(last, (venue, symbol, channel, time, ...) -> ...);   // field by field: no row objects
 * }
 * }</pre>
 *
 * <p>Rows reach {@link #forEach}'s consumer as the socket delivers them, so a slow consumer slows the
 * server through TCP alone. A consumer that throws cancels the request; the connection reads what
 * the server had already sent and stays usable. A server error fails only its request
 * ({@link QueryException} with the server's {@link ErrorCode}); a lost or broken connection fails
 * with {@code UNAVAILABLE} or {@code INTERNAL}, and every later call with {@code UNAVAILABLE}.
 */
public final class K2Connection implements AutoCloseable {
    private static final int MAX_FRAME_BYTES = 32 << 20;
    private static final ByteBufAllocator HEAP = new UnpooledByteBufAllocator(false);

    private final String address;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ResponseDecoder decoder = new ResponseDecoder();
    private final RequestCodec codec = new RequestCodec();
    private final SessionEncoder encoder = new SessionEncoder();
    private final Call call = new Call();
    private final byte[] lengthField = new byte[Frames.LENGTH_FIELD_BYTES];
    private byte[] frame = new byte[1 << 16];
    private ResponseDecoder.Session session;
    private long ids;
    private volatile QueryException closedBy;

    private K2Connection(String address, Socket socket) throws IOException {
        this.address = address;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = socket.getOutputStream();
    }

    /** Connects and logs on with this build's protocol versions; see {@link #connect(String, int, String, int, int)}. */
    public static K2Connection connect(String host, int port, String apiKey) {
        return connect(host, port, apiKey, Frames.MIN_VERSION, Frames.MAX_VERSION);
    }

    /**
     * Connects to {@code host:port}, offers protocol versions {@code [minVersion, maxVersion]} and
     * logs on with {@code apiKey}, as {@link K2Client#connect(String, int, String, int, int)} does and
     * with the same failures: UNAUTHENTICATED or FORBIDDEN when the key is refused, UNSUPPORTED_VERSION
     * when no version is common, UNAVAILABLE when the server cannot be reached or does not answer
     * within {@link K2Client#CONNECT_TIMEOUT}.
     */
    public static K2Connection connect(String host, int port, String apiKey, int minVersion, int maxVersion) {
        String address = host + ":" + port;
        int timeoutMs = (int) K2Client.CONNECT_TIMEOUT.toMillis();
        Socket socket = new Socket();
        K2Connection connection;
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            connection = new K2Connection(address, socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new QueryException(ErrorCode.UNAVAILABLE, "cannot connect to the K2 query server at " + address + ": "
                + e.getMessage() + " (is 'k2 serve' running there?)", e);
        }
        try {
            socket.setSoTimeout(timeoutMs);
            connection.send(connection.encoder.logon(HEAP, minVersion, maxVersion, apiKey, "k2-java-connection"));
            connection.readFrame(0);
            if (connection.session == null) {
                throw new QueryException(ErrorCode.INTERNAL, "the server did not answer the logon with LogonAck");
            }
            socket.setSoTimeout(0);
            return connection;
        } catch (QueryException e) {
            connection.close();
            throw new QueryException(e.code(), "logon to " + address + " refused (" + e.code() + "): " + e.getMessage(), e);
        } catch (IOException e) {
            connection.close();
            throw new QueryException(ErrorCode.UNAVAILABLE, "the server at " + address + (e instanceof SocketTimeoutException
                ? " did not answer the logon within " + K2Client.CONNECT_TIMEOUT.toSeconds() + " s"
                : " closed the connection during logon: " + e.getMessage()), e);
        }
    }

    /** The protocol version agreed at logon. */
    public int protocolVersion() {
        return session.version();
    }

    public String serverInfo() {
        return session.serverInfo();
    }

    /** False once the connection was closed or broke. */
    public boolean isOpen() {
        return closedBy == null;
    }

    /** Runs {@code query} and returns all its rows and the cursor of the next page (null: the result was complete). */
    public synchronized <R> Page<R> fetch(Query<R> query) {
        List<R> rows = new ArrayList<>();
        Cursor next = forEach(query, rows::add);
        return new Page<>(rows, next);
    }

    /**
     * Runs {@code query}, handing its rows to {@code rows} in order as they are read off the socket;
     * returns the cursor of the next page (null: the result was complete). Throws the consumer's own
     * exception after cancelling the request.
     */
    public synchronized <R> Cursor forEach(Query<R> query, Consumer<? super R> rows) {
        @SuppressWarnings("unchecked")
        Consumer<Object> consumer = (Consumer<Object>) rows;
        return run(query, consumer, null);
    }

    /**
     * Runs a trades query ({@link Query.Trades} or {@link Query.LastTrades}), handing each row to
     * {@code trades} field by field as it is decoded: no {@link dev.k2.query.api.TradeRow} objects,
     * nothing allocated per row (the strings are the connection's own instances). Otherwise as
     * {@link #forEach}.
     */
    public synchronized Cursor forEachTrade(Query<TradeRow> query, TradeFields trades) {
        return run(query, null, trades);
    }

    private Cursor run(Query<?> query, Consumer<Object> consumer, TradeFields fields) {
        if (closedBy != null) {
            throw new QueryException(ErrorCode.UNAVAILABLE, "this connection to " + address + " is closed ("
                + closedBy.getMessage() + "): connect again", closedBy);
        }
        if (query instanceof Query.Subscribe) {
            throw new QueryException(ErrorCode.BAD_REQUEST, "a subscription never ends, so a synchronous connection"
                + " cannot wait for it: subscribe with K2Client.subscribe");
        }
        long id = ++ids;
        ByteBuf request = codec.encode(HEAP, id, query); // BAD_REQUEST for a query the wire cannot carry: nothing sent
        call.start(id, consumer, fields);
        try {
            send(request);
            while (!call.over) {
                readFrame(id);
                if (call.consumerFailure != null && !call.cancelSent) {
                    call.cancelSent = true;
                    send(encoder.cancel(HEAP, id));
                }
            }
        } catch (IOException e) {
            throw broken(new QueryException(ErrorCode.UNAVAILABLE, "the connection to " + address + " was lost: "
                + (e instanceof EOFException ? "the server closed it" : e.getMessage()), e));
        } catch (Error e) {
            // the request's remaining frames are unread: the stream cannot be trusted for the next one
            broken(new QueryException(ErrorCode.INTERNAL, "request " + id + " was abandoned by " + e));
            throw e;
        } finally {
            call.consumer = null;
            call.fields = null;
        }
        if (call.consumerFailure != null) {
            throw call.consumerFailure;
        }
        if (call.error != null) {
            QueryException e = call.error;
            throw new QueryException(e.code(), e.getMessage(), e);
        }
        return call.next;
    }

    /**
     * Closes the connection; the server ends whatever it was still sending. Any thread may call it: a
     * call blocked waiting for an answer then fails with {@code UNAVAILABLE}.
     */
    @Override
    public void close() {
        if (closedBy == null) {
            closedBy = new QueryException(ErrorCode.UNAVAILABLE, "closed by the client");
        }
        closeQuietly(socket);
    }

    private void send(ByteBuf message) throws IOException {
        try {
            out.write(message.array(), message.arrayOffset() + message.readerIndex(), message.readableBytes());
            out.flush();
        } finally {
            message.release();
        }
    }

    /** Reads one frame and hands it to the decoder; {@code requestId} is the request waiting (0: the logon). */
    private void readFrame(long requestId) throws IOException {
        readFully(lengthField, Frames.LENGTH_FIELD_BYTES);
        int length = (lengthField[0] & 0xFF) | (lengthField[1] & 0xFF) << 8 | (lengthField[2] & 0xFF) << 16
            | (lengthField[3] & 0xFF) << 24;
        if (length < Frames.HEADER_BYTES || length > MAX_FRAME_BYTES) {
            throw broken(new QueryException(ErrorCode.INTERNAL, "the server sent a frame of " + length
                + " bytes, outside " + Frames.HEADER_BYTES + ".." + MAX_FRAME_BYTES + ": the connection is closed"));
        }
        if (frame.length < length) {
            frame = new byte[Math.max(length, frame.length * 2)];
        }
        readFully(frame, length);
        String problem;
        try {
            problem = decoder.decode(frame, length, call);
        } catch (RuntimeException e) {
            throw broken(new QueryException(ErrorCode.INTERNAL, "cannot decode a frame from the server: " + e.getMessage(), e));
        }
        if (problem != null) {
            throw broken(new QueryException(ErrorCode.INTERNAL, "the server sent a bad frame: " + problem));
        }
        if (call.connectionError != null) {
            throw broken(call.connectionError);
        }
        if (call.unexpected != null) {
            throw broken(new QueryException(ErrorCode.INTERNAL, call.unexpected + " while request " + requestId
                + " was waiting: the connection is closed"));
        }
    }

    private void readFully(byte[] into, int length) throws IOException {
        int read = 0;
        while (read < length) {
            int n = in.read(into, read, length - read);
            if (n < 0) {
                throw new EOFException("the server closed the connection");
            }
            read += n;
        }
    }

    private QueryException broken(QueryException reason) {
        if (closedBy == null) {
            closedBy = reason;
        }
        closeQuietly(socket);
        return reason;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to tell the caller
        }
    }

    /** The request in progress, and what the frames said about it. Caller's thread only. */
    private final class Call implements ResponseDecoder.Receiver, TradeFields {
        long id;
        Consumer<Object> consumer;
        TradeFields fields;
        boolean over;
        boolean cancelSent;
        Cursor next;
        QueryException error;
        QueryException connectionError;
        RuntimeException consumerFailure;
        String unexpected;

        void start(long requestId, Consumer<Object> rows, TradeFields trades) {
            id = requestId;
            consumer = rows;
            fields = trades;
            over = false;
            cancelSent = false;
            next = null;
            error = null;
            consumerFailure = null;
        }

        @Override
        public void logonAck(ResponseDecoder.Session accepted) {
            if (session == null) {
                session = accepted;
            } else {
                unexpected = "a second LogonAck";
            }
        }

        @Override
        public void rows(long requestId, List<Object> rows) {
            if (requestId != id || over) {
                unexpected = "rows of request " + requestId;
                return;
            }
            if (consumerFailure != null) {
                return; // cancelled: what the server had sent already is read and dropped
            }
            if (consumer == null) {
                unexpected = "a batch of rows other than trades for request " + requestId;
                return;
            }
            try {
                for (int i = 0; i < rows.size(); i++) {
                    consumer.accept(rows.get(i));
                }
            } catch (RuntimeException e) {
                consumerFailure = e;
            }
        }

        @Override
        public TradeFields tradeFields(long requestId) {
            return fields != null && requestId == id && !over ? this : null;
        }

        /** A decoded trade, to the caller's sink; as {@link #rows}, a sink that threw gets nothing more. */
        @Override
        public void trade(String venue, String symbol, int channel, long exchangeTimeMicros, long receiveTimeMicros,
                          long sourceSeq, long tradeId, Side side, long price, long quantity, int conditions,
                          long journalIndex, int journalRecord) {
            if (consumerFailure != null) {
                return;
            }
            try {
                fields.trade(venue, symbol, channel, exchangeTimeMicros, receiveTimeMicros, sourceSeq, tradeId, side, price,
                    quantity, conditions, journalIndex, journalRecord);
            } catch (RuntimeException e) {
                consumerFailure = e;
            }
        }

        @Override
        public void end(long requestId, long rowCount, Cursor cursor) {
            if (requestId != id || over) {
                unexpected = "the end of request " + requestId;
                return;
            }
            over = true;
            next = cursor;
        }

        @Override
        public void error(long requestId, QueryException e) {
            if (requestId == 0) {
                connectionError = e;
            } else if (requestId != id || over) {
                unexpected = "an error for request " + requestId + " (" + e.getMessage() + ")";
            } else {
                over = true;
                error = e;
            }
        }
    }
}
