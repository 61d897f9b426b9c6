package dev.k2.query.client;

import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.Query;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.TickRow;
import dev.k2.query.api.TradeRow;
import dev.k2.query.protocol.FrameDecoder;
import dev.k2.query.protocol.Frames;
import dev.k2.query.protocol.RequestCodec;
import dev.k2.query.protocol.SessionEncoder;
import dev.k2.net.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Java client of the K2 binary query protocol ({@link Frames}): one TCP connection, thread-safe,
 * any number of requests in flight (up to the server's limit).
 *
 * <pre>{@code
 * try (K2Client k2 = K2Client.connect("127.0.0.1", 7070, apiKey)) {
 *     Page<TradeRow> page = k2.trades(new Query.Trades(TickFilter.symbol("ASX", "BHP"), Direction.OLDEST_FIRST,
 *         1_000, null, AsOf.LATEST));                                   // blocking, one page
 *     try (ResultIterator<TradeRow> it = k2.iterate(bigQuery)) { ... }   // any size, at the caller's pace
 *     long id = k2.subscribe(new Query.Subscribe(true, false, "BINANCE", Set.of("BTCUSDT"), null), listener);
 *     k2.cancel(id);
 * }
 * }</pre>
 *
 * <p>Async calls ({@link #query}, {@link #stream}) deliver on the client's event-loop thread
 * ({@code k2-client-io}); blocking calls wait on the caller's thread. Failures are
 * {@link QueryException}s with the server's typed {@link ErrorCode}; a lost connection fails every
 * open request with {@code UNAVAILABLE}.
 */
public final class K2Client implements AutoCloseable {
    /** How long {@link #connect} waits for the TCP connection and the logon. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Rows an iterator buffers before the connection stops reading. */
    public static final int ITERATOR_BUFFER_ROWS = 20_000;
    private static final int MAX_FRAME_BYTES = 32 << 20;

    private final EventLoopGroup group;
    private final Channel channel;
    private final ClientHandler handler;
    private final ResponseDecoder.Session session;
    private final AtomicLong ids = new AtomicLong();
    private final RequestCodec codec = new RequestCodec();
    private final SessionEncoder encoder = new SessionEncoder();
    private final Object readLock = new Object();
    private int readPauses;

    private K2Client(EventLoopGroup group, Channel channel, ClientHandler handler, ResponseDecoder.Session session) {
        this.group = group;
        this.channel = channel;
        this.handler = handler;
        this.session = session;
    }

    /** Connects and logs on with this build's protocol versions; see {@link #connect(String, int, String, int, int)}. */
    public static K2Client connect(String host, int port, String apiKey) {
        return connect(host, port, apiKey, Frames.MIN_VERSION, Frames.MAX_VERSION);
    }

    /**
     * Connects to {@code host:port}, offers protocol versions {@code [minVersion, maxVersion]} and
     * logs on with {@code apiKey}. Throws {@link QueryException}: UNAUTHENTICATED or FORBIDDEN when
     * the key is refused, UNSUPPORTED_VERSION when no version is common, UNAVAILABLE when the server
     * cannot be reached or does not answer within {@link #CONNECT_TIMEOUT}.
     */
    public static K2Client connect(String host, int port, String apiKey, int minVersion, int maxVersion) {
        EventLoopGroup group = Transports.group("k2-client-io", 1);
        ClientHandler handler = new ClientHandler();
        Channel channel = null;
        try {
            ChannelFuture connected = new Bootstrap().group(group).channel(Transports.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FrameDecoder(MAX_FRAME_BYTES), handler);
                    }
                })
                .connect(host, port).awaitUninterruptibly();
            if (!connected.isSuccess()) {
                throw new QueryException(ErrorCode.UNAVAILABLE, "cannot connect to the K2 query server at " + host + ":"
                    + port + ": " + connected.cause().getMessage() + " (is 'k2 serve' running there?)", connected.cause());
            }
            channel = connected.channel();
            ByteBuf logon = new SessionEncoder().logon(channel.alloc(), minVersion, maxVersion, apiKey, "k2-java-client");
            channel.writeAndFlush(logon);
            ResponseDecoder.Session session = handler.logon.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new K2Client(group, channel, handler, session);
        } catch (ExecutionException e) {
            shut(group, channel);
            QueryException cause = e.getCause() instanceof QueryException q ? q
                : new QueryException(ErrorCode.UNAVAILABLE, String.valueOf(e.getCause()), e.getCause());
            throw new QueryException(cause.code(), "logon to " + host + ":" + port + " refused ("
                + cause.code() + "): " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            shut(group, channel);
            throw new QueryException(ErrorCode.UNAVAILABLE, "the server at " + host + ":" + port
                + " did not answer the logon within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            shut(group, channel);
            Thread.currentThread().interrupt();
            throw new QueryException(ErrorCode.CANCELLED, "interrupted while connecting to " + host + ":" + port, e);
        } catch (RuntimeException e) {
            shut(group, channel);
            throw e;
        }
    }

    /** The protocol version agreed at logon. */
    public int protocolVersion() {
        return session.version();
    }

    /** The server's limit on requests in flight per connection. */
    public int serverMaxInFlight() {
        return session.maxInFlight();
    }

    public String serverInfo() {
        return session.serverInfo();
    }

    public boolean isConnected() {
        return channel.isActive();
    }

    /**
     * Sends {@code query} and streams its rows to {@code listener} (on the client's event loop);
     * returns the request id, for {@link #cancel}. Fails the listener, not the caller, when the
     * connection is gone; throws BAD_REQUEST for a query the wire cannot carry.
     */
    @SuppressWarnings("unchecked")
    public <R> long stream(Query<R> query, ResultListener<? super R> listener) {
        long id = ids.incrementAndGet();
        handler.pending.put(id, (ResultListener<Object>) (ResultListener<?>) listener);
        ByteBuf frame;
        try {
            synchronized (codec) {
                frame = codec.encode(channel.alloc(), id, query);
            }
        } catch (RuntimeException e) {
            handler.pending.remove(id);
            throw e;
        }
        if (!channel.isActive()) {
            frame.release();
            gone(id);
            return id;
        }
        channel.writeAndFlush(frame).addListener(f -> {
            if (!f.isSuccess()) {
                gone(id);
            }
        });
        return id;
    }

    /** Sends {@code query} and completes with all its rows when it ends. */
    public <R> CompletableFuture<Page<R>> query(Query<R> query) {
        CompletableFuture<Page<R>> result = new CompletableFuture<>();
        List<R> rows = new ArrayList<>();
        stream(query, new ResultListener<R>() {
            @Override
            public void onRows(List<R> batch) {
                rows.addAll(batch);
            }

            @Override
            public void onEnd(long rowCount, dev.k2.query.api.Cursor next) {
                result.complete(new Page<>(rows, next));
            }

            @Override
            public void onError(QueryException error) {
                result.completeExceptionally(error);
            }
        });
        return result;
    }

    /** Runs {@code query} and waits for all its rows (use {@link #iterate} for large results). */
    public <R> Page<R> fetch(Query<R> query) {
        try {
            return query(query).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof QueryException q) {
                throw new QueryException(q.code(), q.getMessage(), q);
            }
            throw e;
        }
    }

    /** Blocking: one page of trades and the cursor of the next. */
    public Page<TradeRow> trades(Query.Trades query) {
        return fetch(query);
    }

    /** Blocking: one page of quotes and the cursor of the next. */
    public Page<QuoteRow> quotes(Query.Quotes query) {
        return fetch(query);
    }

    /** Rows of {@code query} read at the caller's pace, with TCP back-pressure; close it to cancel early. */
    public <R> ResultIterator<R> iterate(Query<R> query) {
        return iterate(query, ITERATOR_BUFFER_ROWS);
    }

    /** As {@link #iterate(Query)}, buffering at most about {@code bufferRows} rows before the connection stops reading. */
    public <R> ResultIterator<R> iterate(Query<R> query, int bufferRows) {
        ResultIterator<R> iterator = new ResultIterator<>(this, Math.max(1, bufferRows));
        iterator.requestId(stream(query, iterator.listener()));
        return iterator;
    }

    /** Subscribes to live ticks; {@code listener} receives them in order until {@link #cancel}. Returns the request id. */
    public long subscribe(Query.Subscribe query, ResultListener<? super TickRow> listener) {
        return stream(query, listener);
    }

    /** Asks the server to stop request {@code requestId}; its listener then gets CANCELLED (unless it had ended). */
    public void cancel(long requestId) {
        ByteBuf frame;
        synchronized (encoder) {
            frame = encoder.cancel(channel.alloc(), requestId);
        }
        channel.writeAndFlush(frame);
    }

    /** Requests waiting for their end. */
    public int pendingRequests() {
        return handler.pending.size();
    }

    void pauseReading() {
        synchronized (readLock) {
            if (readPauses++ == 0) {
                channel.config().setAutoRead(false);
            }
        }
    }

    void resumeReading() {
        synchronized (readLock) {
            if (--readPauses == 0) {
                channel.config().setAutoRead(true);
            }
        }
    }

    private void gone(long id) {
        ResultListener<Object> listener = handler.pending.remove(id);
        if (listener != null) {
            QueryException reason = handler.closedBy();
            listener.onError(reason != null ? reason
                : new QueryException(ErrorCode.UNAVAILABLE, "the connection to the server is closed"));
        }
    }

    /** Closes the connection; open requests fail with UNAVAILABLE (the server closes their streams). */
    @Override
    public void close() {
        shut(group, channel);
    }

    private static void shut(EventLoopGroup group, Channel channel) {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
