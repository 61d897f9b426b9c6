package dev.k2.query.server;

import dev.k2.query.api.Cursor;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.Query;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.QueryService;
import dev.k2.query.api.ResultStream;
import dev.k2.query.api.TradeFields;
import dev.k2.query.auth.ApiKeyStore;
import dev.k2.query.auth.Principal;
import dev.k2.query.protocol.BatchEncoder;
import dev.k2.query.protocol.FrameDecoder;
import dev.k2.query.protocol.FrameView;
import dev.k2.query.protocol.Frames;
import dev.k2.query.protocol.RequestCodec;
import dev.k2.query.protocol.SessionEncoder;
import dev.k2.query.protocol.sbe.CancelDecoder;
import dev.k2.query.protocol.sbe.EndDecoder;
import dev.k2.query.protocol.sbe.LogonDecoder;
import dev.k2.query.protocol.sbe.MessageHeaderDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, owned by its event-loop thread: the logon state, the requests in flight,
 * the instrument dictionary and the writes. Query threads reach it only through {@link RequestTask.Owner}
 * callbacks, which hand their batches over to this loop.
 *
 * <pre>
 *  AWAITING_LOGON ──Logon──▶ AUTHENTICATING ──(key checked on a query thread)──▶ READY ──▶ CLOSED
 *        │ anything else: Error + close     │ bad key / version: Error + close
 * </pre>
 *
 * <p>A frame that cannot be decoded, or a well-formed frame out of turn, closes this connection
 * (with an Error first) and nothing else. A request the engine refuses fails alone.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter implements RequestTask.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final long CLOSE_GRACE_SECONDS = 5;
    private static final long LOGON_TIMEOUT_SECONDS = 10;

    private enum State { AWAITING_LOGON, AUTHENTICATING, READY, CLOSED }

    private final QueryService service;
    private final ApiKeyStore keys;
    private final ServerSettings settings;
    private final ServerStats stats;
    private final Executor queryExecutor;
    private final SessionEncoder session = new SessionEncoder();
    private final RequestCodec codec = new RequestCodec();
    private final BatchEncoder batches;
    private final Consumer<ByteBuf> frameWriter = this::writeFrame;
    private final FrameView frames = new FrameView(256);
    private final MessageHeaderDecoder header = frames.header();
    private final LogonDecoder logon = new LogonDecoder();
    private final CancelDecoder cancel = new CancelDecoder();
    private final UnsafeBuffer view = frames.buffer();
    private final Long2ObjectHashMap<RequestTask> inFlight = new Long2ObjectHashMap<>();
    private final ArrayDeque<RequestTask> paused = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private State state = State.AWAITING_LOGON;
    private Principal principal;

    ConnectionHandler(QueryService service, ApiKeyStore keys, ServerSettings settings, ServerStats stats,
                      Executor queryExecutor) {
        this.service = service;
        this.keys = keys;
        this.settings = settings;
        this.stats = stats;
        this.queryExecutor = queryExecutor;
        this.batches = new BatchEncoder(settings.batchBytes());
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        this.ctx = context;
        stats.connections.incrementAndGet();
        stats.openConnections.incrementAndGet();
        context.executor().schedule(() -> {
            if (state == State.AWAITING_LOGON || state == State.AUTHENTICATING) {
                stats.protocolErrors.incrementAndGet();
                closeWithError(ErrorCode.UNAUTHENTICATED, "no logon within " + LOGON_TIMEOUT_SECONDS + " s");
            }
        }, LOGON_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        context.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        state = State.CLOSED;
        for (RequestTask task : inFlight.values()) {
            task.cancel();
        }
        inFlight.clear();
        paused.clear();
        stats.openConnections.decrementAndGet();
        context.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (msg instanceof FrameDecoder.Failure failure) {
            (failure.code() == ErrorCode.FRAME_TOO_LARGE ? stats.framesTooLarge : stats.malformedFrames).incrementAndGet();
            closeWithError(failure.code(), failure.message());
            return;
        }
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (state != State.CLOSED) {
                onFrame(frame);
            }
        } finally {
            frame.release();
        }
    }

    private void onFrame(ByteBuf frame) {
        int length = frame.readableBytes();
        String problem = frames.wrap(frame);
        if (problem != null) {
            malformed(problem);
            return;
        }
        int template = header.templateId();
        if (template < 1 || template > EndDecoder.TEMPLATE_ID) {
            malformed("unknown template id " + template);
            return;
        }
        try {
            switch (state) {
                case AWAITING_LOGON -> {
                    if (template == LogonDecoder.TEMPLATE_ID) {
                        onLogon();
                    } else {
                        protocolError(ErrorCode.UNAUTHENTICATED, "log on first: the first frame must be Logon, got template " + template);
                    }
                }
                case AUTHENTICATING -> protocolError(ErrorCode.BAD_REQUEST, "wait for LogonAck before sending requests");
                case READY -> {
                    if (template == CancelDecoder.TEMPLATE_ID) {
                        onCancel(cancel.wrap(view, Frames.HEADER_BYTES, header.blockLength(), header.version()).requestId());
                    } else if (RequestCodec.isRequest(template)) {
                        onRequest();
                    } else {
                        protocolError(ErrorCode.BAD_REQUEST, "template " + template + " is not a client message here");
                    }
                }
                case CLOSED -> {
                }
            }
        } catch (IndexOutOfBoundsException e) {
            malformed("template " + template + " is truncated or its lengths run past the frame (" + length + " bytes)");
        }
    }

    private void onLogon() {
        LogonDecoder d = logon.wrap(view, Frames.HEADER_BYTES, header.blockLength(), header.version());
        int min = d.minVersion();
        int max = d.maxVersion();
        String key = d.apiKey();
        d.clientName();
        int version = Math.min(max, Frames.MAX_VERSION);
        if (version < Math.max(min, Frames.MIN_VERSION)) {
            stats.versionRefusals.incrementAndGet();
            closeWithError(ErrorCode.UNSUPPORTED_VERSION, "the client speaks protocol versions " + min + ".." + max
                + ", this server " + Frames.MIN_VERSION + ".." + Frames.MAX_VERSION + ": upgrade the older side");
            return;
        }
        state = State.AUTHENTICATING;
        try {
            queryExecutor.execute(() -> authenticate(key, version));
        } catch (RejectedExecutionException e) {
            closeWithError(ErrorCode.UNAVAILABLE, "the server is shutting down");
        }
    }

    /** Query thread: the keys file may be re-read. */
    private void authenticate(String key, int version) {
        try {
            Principal p = keys.authenticate(key);
            post(() -> onAuthenticated(p, version));
        } catch (QueryException e) {
            post(() -> {
                stats.authFailures.incrementAndGet();
                closeWithError(e.code(), e.getMessage());
            });
        } catch (RuntimeException e) {
            LOG.warn("authentication failed on the server", e);
            post(() -> closeWithError(ErrorCode.UNAVAILABLE, "cannot check API keys now: " + e.getMessage()));
        }
    }

    private void onAuthenticated(Principal p, int version) {
        if (state != State.AUTHENTICATING) {
            return;
        }
        principal = p;
        state = State.READY;
        stats.logons.incrementAndGet();
        ctx.writeAndFlush(session.logonAck(ctx.alloc(), version, settings.maxFrameBytes(), settings.maxInFlight(),
            settings.serverInfo()));
    }

    private void onRequest() {
        long id = RequestCodec.requestId(header, view, 0);
        if (id <= 0) {
            protocolError(ErrorCode.BAD_REQUEST, "request id " + id + " is invalid: use positive ids");
            return;
        }
        RequestCodec.Request request;
        try {
            request = codec.decode(header, view, 0);
            if (request == null) {
                throw new QueryException(ErrorCode.BAD_REQUEST, "template " + header.templateId() + " is not a request");
            }
        } catch (QueryException e) {
            stats.failed.incrementAndGet();
            writeError(id, e.code(), e.getMessage());
            return;
        }
        stats.requests.incrementAndGet();
        if (inFlight.containsKey(id)) {
            stats.failed.incrementAndGet();
            writeError(id, ErrorCode.BAD_REQUEST, "request id " + id + " is already in flight: use a new id per request");
            return;
        }
        if (inFlight.size() >= settings.maxInFlight()) {
            stats.tooManyInFlight.incrementAndGet();
            writeError(id, ErrorCode.TOO_MANY_IN_FLIGHT, inFlight.size() + " requests are in flight on this connection,"
                + " the limit is " + settings.maxInFlight() + ": wait for one to end, cancel one or open another connection");
            return;
        }
        if (!keys.isActive(principal.keyId())) {
            stats.authFailures.incrementAndGet();
            protocolError(ErrorCode.FORBIDDEN, "API key '" + principal.name() + "' was revoked: this connection is closed;"
                + " log on again with a new key");
            return;
        }
        if (!principal.rateLimit().tryAcquire(System.nanoTime())) {
            stats.rateLimited.incrementAndGet();
            writeError(id, ErrorCode.RATE_LIMITED, "key '" + principal.name() + "' is over its rate of "
                + principal.rateLimit().ratePerSecond() + " queries/s: slow down or use a key with a higher rate");
            return;
        }
        if (answeredFromMemory(id, request)) {
            return;
        }
        RequestTask task = new RequestTask(id, request.query(), service, queryExecutor, settings.batchRows(), this);
        inFlight.put(id, task);
        task.schedule();
    }

    /**
     * Answers on this loop when the engine holds the whole result in memory (latest quote, last N
     * trades from the hot store): no hand-off to a query thread and back, two thread wake-ups fewer
     * on the path whose latency matters most. Anything else, or a result the engine cannot prove it
     * holds, goes to a query thread.
     */
    private boolean answeredFromMemory(long id, RequestCodec.Request request) {
        if (request.query() instanceof Query.LastTrades last && lastTradesWritten(id, last)) {
            return true;
        }
        ResultStream<?> answer;
        try {
            answer = service.openFromMemory(request.query());
        } catch (QueryException e) {
            stats.failed.incrementAndGet();
            writeError(id, e.code(), e.getMessage());
            return true;
        }
        if (answer == null) {
            return false;
        }
        stats.answeredFromMemory.incrementAndGet();
        List<Object> rows = new ArrayList<>();
        try {
            Cursor next;
            try (answer) { // closed before the End goes out: a client that sees the End sees the engine done with it
                int n;
                do {
                    n = answer.poll(Integer.MAX_VALUE, rows::add);
                } while (n > 0);
                if (n != ResultStream.END) {
                    throw new IllegalStateException("a memory answer must be complete, but its stream waits for rows");
                }
                next = answer.nextCursor();
            }
            writeRows(id, rows);
            writeEnd(id, rows.size(), next);
        } catch (RuntimeException e) {
            LOG.warn("cannot answer request {} from memory", id, e);
            stats.failed.incrementAndGet();
            writeError(id, ErrorCode.INTERNAL, "the query failed on the server: " + e);
        }
        return true;
    }

    /**
     * Last trades encoded straight from the engine's memory into frames, with no row object per trade
     * ({@link QueryService#lastTradesFromMemory}); false when the engine cannot answer this way.
     */
    private boolean lastTradesWritten(long id, Query.LastTrades query) {
        TradeFields out = batches.beginTrades(ctx.alloc(), id, frameWriter);
        int rows;
        try {
            rows = service.lastTradesFromMemory(query, out);
        } catch (QueryException e) {
            batches.abandonTrades();
            stats.failed.incrementAndGet();
            writeError(id, e.code(), e.getMessage());
            return true;
        } catch (RuntimeException e) {
            batches.abandonTrades();
            LOG.warn("cannot answer request {} from memory", id, e);
            stats.failed.incrementAndGet();
            writeError(id, ErrorCode.INTERNAL, "the query failed on the server: " + e);
            return true;
        }
        if (rows < 0) {
            batches.abandonTrades();
            return false;
        }
        batches.endTrades();
        stats.answeredFromMemory.incrementAndGet();
        stats.rowsSent.addAndGet(rows);
        writeEnd(id, rows, null);
        return true;
    }

    private void onCancel(long id) {
        RequestTask task = inFlight.remove(id);
        if (task != null) {
            task.cancel();
            stats.cancelled.incrementAndGet();
            writeError(id, ErrorCode.CANCELLED, "request " + id + " was cancelled");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (context.channel().isWritable()) {
            List<RequestTask> resume = new ArrayList<>(paused);
            paused.clear();
            for (RequestTask task : resume) {
                if (inFlight.get(task.requestId()) == task) {
                    task.grant();
                }
            }
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        stats.connectionErrors.incrementAndGet();
        LOG.debug("query connection {} failed", context.channel().remoteAddress(), cause);
        state = State.CLOSED;
        context.close();
    }

    // RequestTask.Owner: query threads

    @Override
    public void batch(RequestTask task, List<Object> rows) {
        post(() -> onRows(task, rows, false, 0, null));
    }

    @Override
    public void end(RequestTask task, List<Object> rows, long rowCount, Cursor next) {
        post(() -> onRows(task, rows, true, rowCount, next));
    }

    @Override
    public void fail(RequestTask task, ErrorCode code, String message) {
        post(() -> {
            if (inFlight.get(task.requestId()) == task) {
                inFlight.remove(task.requestId());
                stats.failed.incrementAndGet();
                writeError(task.requestId(), code, message);
            }
        });
    }

    private void post(Runnable onLoop) {
        try {
            ctx.executor().execute(onLoop);
        } catch (RejectedExecutionException e) {
            LOG.debug("event loop gone; dropping a result for a closed connection");
        }
    }

    private void onRows(RequestTask task, List<Object> rows, boolean end, long rowCount, Cursor next) {
        long id = task.requestId();
        if (inFlight.get(id) != task) {
            return;
        }
        try {
            writeRows(id, rows);
        } catch (RuntimeException e) {
            LOG.warn("cannot encode the rows of request {}", id, e);
            inFlight.remove(id);
            task.cancel();
            stats.failed.incrementAndGet();
            writeError(id, ErrorCode.INTERNAL, "cannot encode a result row: " + e.getMessage());
            return;
        }
        if (end) {
            inFlight.remove(id);
            writeEnd(id, rowCount, next);
            return;
        }
        ctx.flush();
        if (ctx.channel().isWritable()) {
            task.grant();
        } else {
            stats.pausedForWritability.incrementAndGet();
            paused.add(task);
        }
    }

    /** A result's rows as batch frames (none for no rows); not flushed. */
    private void writeRows(long id, List<Object> rows) {
        if (!rows.isEmpty()) {
            batches.encode(ctx.alloc(), id, rows, frameWriter);
            stats.rowsSent.addAndGet(rows.size());
        }
    }

    /** A result's End frame, flushed with whatever was written before it. */
    private void writeEnd(long id, long rowCount, Cursor next) {
        stats.completed.incrementAndGet();
        writeFrame(session.end(ctx.alloc(), id, rowCount, next));
        ctx.flush();
    }

    private void writeFrame(ByteBuf frame) {
        stats.framesSent.incrementAndGet();
        ctx.write(frame, ctx.voidPromise());
    }

    private void writeError(long requestId, ErrorCode code, String message) {
        writeFrame(session.error(ctx.alloc(), requestId, code, message));
        ctx.flush();
    }

    private void malformed(String problem) {
        stats.malformedFrames.incrementAndGet();
        closeWithError(ErrorCode.BAD_REQUEST, "malformed frame: " + problem);
    }

    private void protocolError(ErrorCode code, String message) {
        stats.protocolErrors.incrementAndGet();
        closeWithError(code, message);
    }

    /** Sends a connection-level Error (request id 0), then closes; a peer that does not read is closed after a grace period. */
    private void closeWithError(ErrorCode code, String message) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        ctx.channel().config().setAutoRead(false);
        stats.framesSent.incrementAndGet();
        ctx.writeAndFlush(session.error(ctx.alloc(), 0, code, message)).addListener(ChannelFutureListener.CLOSE);
        ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    }
}
