package dev.k2.query.http;

import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.QueryService;
import dev.k2.query.auth.ApiKeyStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests, answered one at a time in arrival order (pipelined requests wait in
 * a queue; reading pauses while {@value #MAX_QUEUED} wait, not on every request, which would cost two
 * {@code epoll_ctl} calls per request). Answers on the event loop what needs no engine (malformed or
 * oversized requests, method) and small answers the engine holds in memory (last N, latest quotes),
 * and hands the rest to a {@link QueryExchange} on the query pool. All state here is touched on the
 * channel's event loop only.
 */
final class HttpQueryHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpQueryHandler.class);
    static final String API_KEY_HEADER = "X-API-Key";
    /** Requests read ahead of the one being answered at which reading pauses (pipelining clients). */
    static final int MAX_QUEUED = 16;
    /** The text buffer's first capacity (chars), and what it shrinks back to after a large answer. */
    static final int INITIAL_TEXT = 8192;

    /** What the handler keeps of a request: never the body; the key only until authentication. */
    record RequestHead(HttpMethod method, String uri, HttpVersion version, boolean keepAlive, String apiKey,
                       Throwable decodeFailure) {
        @Override
        public String toString() {
            return method + " " + uri; // the key is never printed
        }
    }

    private final QueryService service;
    private final ApiKeyStore keys;
    private final RequestTranslator translator;
    private final Executor executor;
    private final HttpServerConfig config;
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    /**
     * The text of the current response's batches, kept for the connection's life (a new one per request
     * grew from 8 KiB each time: ~60 KB of garbage per 100-row answer); shrunk back after an answer that
     * grew it past 64 Ki chars, so idle connections do not each hold their largest answer. Only one exchange runs at a
     * time, and each is done with it before it hands its batch to the event loop, which is what starts
     * the next exchange; the executor's hand-off orders the two.
     */
    private final StringBuilder text = new StringBuilder(INITIAL_TEXT);
    /** Last-N answers taken field by field, kept for the connection's life as the text is. */
    private final HeldTrades heldTrades = new HeldTrades();
    private ChannelHandlerContext ctx;
    private QueryExchange current;
    private boolean busy;
    private boolean closing;
    /** The client closed its side (half-close): answer what was asked, then close. */
    private boolean inputShut;
    /** {@link #next} is starting requests (calls from inside it return at once). */
    private boolean dispatching;

    HttpQueryHandler(QueryService service, ApiKeyStore keys, RequestTranslator translator, Executor executor,
                     HttpServerConfig config) {
        this.service = service;
        this.keys = keys;
        this.translator = translator;
        this.executor = executor;
        this.config = config;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg); // after a fatal error: drain, answer nothing more
            return;
        }
        if (msg instanceof FullHttpRequest request) {
            try {
                DecoderResult result = request.decoderResult();
                pending.add(new RequestHead(request.method(), request.uri(), request.protocolVersion(),
                    HttpUtil.isKeepAlive(request), request.headers().get(API_KEY_HEADER),
                    result.isFailure() ? result.cause() : null));
            } finally {
                request.release();
            }
        } else if (msg instanceof RequestSizeAggregator.Oversized oversized) {
            pending.add(oversized);
        } else {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (pending.size() >= MAX_QUEUED) {
            context().channel().config().setAutoRead(false);
        }
        next();
    }

    /**
     * Starts queued requests while none is in progress. A loop, not a recursion: a request answered
     * at once (an error, a memory answer's error) calls {@link #done} from inside {@link #dispatch},
     * and thousands of pipelined ones must not each add stack frames.
     */
    private void next() {
        if (dispatching) {
            return; // the loop below goes on once dispatch returns
        }
        dispatching = true;
        try {
            while (!busy) {
                Object request = pending.poll();
                if (pending.size() < MAX_QUEUED) {
                    context().channel().config().setAutoRead(true); // a no-op unless reading was paused
                }
                if (request == null) {
                    break;
                }
                busy = true;
                dispatch(request);
            }
        } finally {
            dispatching = false;
        }
        closeIfFinished();
    }

    private void dispatch(Object request) {
        if (request instanceof RequestSizeAggregator.Oversized o) {
            fatal(new HttpError("PAYLOAD_TOO_LARGE", 413, "request body over " + o.maxBodyBytes()
                + " bytes: the API takes GET requests with parameters in the URI"));
            return;
        }
        RequestHead head = (RequestHead) request;
        if (head.decodeFailure() != null) {
            fatal(decodeError(head.decodeFailure()));
            return;
        }
        if (!HttpMethod.GET.equals(head.method())) {
            sendError(new HttpError("METHOD_NOT_ALLOWED", 405, "method " + head.method()
                + " is not allowed: the API is read-only, use GET"), head.keepAlive());
            return;
        }
        QueryExchange exchange = new QueryExchange(this, context(), head, service, keys, translator, executor,
            config.batchRows(), text, heldTrades);
        current = exchange;
        if (exchange.answerFromMemory()) {
            return;
        }
        try {
            executor.execute(exchange::begin);
        } catch (RejectedExecutionException e) {
            current = null;
            sendError(HttpError.of(new QueryException(ErrorCode.UNAVAILABLE,
                "server busy: " + config.queueCapacity() + " queries are waiting; retry shortly")), head.keepAlive());
        }
    }

    private HttpError decodeError(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return new HttpError("URI_TOO_LONG", 414, "request line over " + config.maxUriBytes()
                + " bytes: shorten the URI (fewer symbols per request, or page with the cursor)");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new HttpError("HEADERS_TOO_LARGE", 431, "request headers over " + config.maxHeaderBytes()
                + " bytes: send fewer or shorter headers");
        }
        return new HttpError(ErrorCode.BAD_REQUEST.name(), 400, "malformed HTTP request: " + cause.getMessage());
    }

    /**
     * An error after which the connection cannot go on (the rest of the request was not parsed):
     * answers, then closes our side for writing and keeps reading (discarding) until the client
     * closes, so the client reads the answer instead of a reset; the idle timeout ends stragglers.
     */
    private void fatal(HttpError error) {
        closing = true;
        pending.clear();
        ChannelHandlerContext c = context();
        c.channel().config().setAutoRead(true);
        ByteBuf body = ByteBufUtil.writeUtf8(c.alloc(), error.toJson());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(error.status()), body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        HttpUtil.setKeepAlive(response, false);
        c.writeAndFlush(response).addListener(f -> {
            if (f.isSuccess() && c.channel() instanceof SocketChannel socket) {
                socket.shutdownOutput();
            } else {
                c.close();
            }
        });
        LOG.debug("{} {}", error.status(), error.code());
        current = null;
        busy = false;
    }

    /** Writes an error envelope; the response is complete. On the event loop. */
    void sendError(HttpError error, boolean keepAlive) {
        ByteBuf body = ByteBufUtil.writeUtf8(context().alloc(), error.toJson());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(error.status()), body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (error.status() == 429 || error.status() == 503) {
            response.headers().setInt(HttpHeaderNames.RETRY_AFTER, 1);
        }
        if (error.status() == 405) {
            response.headers().set(HttpHeaderNames.ALLOW, "GET");
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = context().writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
        LOG.debug("{} {}", error.status(), error.code());
        done(keepAlive);
    }

    /** The current response is complete (written or queued for writing). On the event loop. */
    void done(boolean keepAlive) {
        current = null;
        busy = false;
        if (keepAlive && context().channel().isActive()) {
            next();
        } else {
            pending.clear();
        }
    }

    /**
     * After a half-close, once nothing is in progress: close when what was written has gone out (a
     * close now would fail the writes still queued in the channel).
     */
    private void closeIfFinished() {
        if (inputShut && !busy && !dispatching && pending.isEmpty() && context().channel().isActive()) {
            context().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        QueryExchange exchange = current;
        if (exchange != null && context.channel().isWritable()) {
            exchange.resume();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        QueryExchange exchange = current;
        current = null;
        pending.clear();
        if (exchange != null) {
            exchange.cancel();
        }
        context.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            inputShut = true; // every complete request was read before this: answer them, then close
            closeIfFinished();
            return;
        }
        if (event instanceof IdleStateEvent && (!busy || closing)) {
            context.close();
            return;
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debug("HTTP connection {} failed: {}", context.channel().remoteAddress(), cause.toString());
        context.close();
    }

    private ChannelHandlerContext context() {
        return ctx;
    }
}
