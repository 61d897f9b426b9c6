package dev.k2.query.http;

import dev.k2.query.api.Cursor;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.Query;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.QueryService;
import dev.k2.query.api.ResultStream;
import dev.k2.query.auth.ApiKeyStore;
import dev.k2.query.auth.Principal;
import dev.k2.query.format.Columns;
import dev.k2.query.format.RowWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GET request from authentication to the last byte. {@link #begin} and {@link #produce} run on
 * the query pool (they may block in the engine), except for a small answer the engine holds in memory
 * ({@link #answerFromMemory}, all on the event loop); {@link #deliver} and {@link #resume} on the
 * channel's event loop. The engine produces one batch, the event loop writes it, and the next batch
 * is read only while the channel is writable, so a slow client holds at most one batch in memory.
 * The result stream is closed exactly once: at its end, on an error, or when the client goes away.
 */
final class QueryExchange {
    private static final Logger LOG = LoggerFactory.getLogger(QueryExchange.class);
    static final String NEXT_CURSOR_HEADER = "X-Next-Cursor";
    /** Text buffer capacity (chars) a connection keeps after an answer ends, and while one streams. */
    private static final int KEEP_BETWEEN_REQUESTS = 64 * 1024;
    private static final int KEEP_WHILE_STREAMING = 4 * 1024 * 1024;
    /** The most rows a request answered on the event loop may ask for (formatting them holds the loop). */
    static final int MEMORY_MAX_ROWS = 1_000;

    private final HttpQueryHandler handler;
    private final ChannelHandlerContext ctx;
    private final HttpQueryHandler.RequestHead head;
    private final QueryService service;
    private final ApiKeyStore keys;
    private final RequestTranslator translator;
    private final Executor executor;
    private final int batchRows;
    /** The connection's text buffer: one exchange at a time uses it (see HttpQueryHandler). */
    private final StringBuilder text;
    /** The connection's columns for a last-N answer taken field by field; one exchange at a time, too. */
    private final HeldTrades heldTrades;
    private final AtomicBoolean streamClosed = new AtomicBoolean();
    private volatile ResultStream<Object> stream;
    private volatile boolean cancelled;
    private RowWriter<Object> writer;
    private Consumer<Object> rowSink;
    private String contentType;
    private boolean keepAlive;
    private boolean waitingForWritable;
    /** The key was checked on the event loop ({@link #answerFromMemory}); the pool's hand-off publishes it. */
    private boolean authenticated;

    QueryExchange(HttpQueryHandler handler, ChannelHandlerContext ctx, HttpQueryHandler.RequestHead head,
                  QueryService service, ApiKeyStore keys, RequestTranslator translator, Executor executor,
                  int batchRows, StringBuilder text, HeldTrades heldTrades) {
        this.handler = handler;
        this.text = text;
        this.heldTrades = heldTrades;
        this.ctx = ctx;
        this.head = head;
        this.service = service;
        this.keys = keys;
        this.translator = translator;
        this.executor = executor;
        this.batchRows = batchRows;
        this.keepAlive = head.keepAlive();
    }

    /** Authenticates, translates and opens the query, then produces the first batch. Query pool. */
    void begin() {
        if (cancelled) {
            return;
        }
        try {
            if (!authenticated) {
                authenticate();
            }
            RequestTranslator.Translated t = translator.translate(head.uri());
            prepare(t);
            stream = open(service.open(t.query()));
            if (cancelled) {
                closeStream();
                return;
            }
        } catch (QueryException e) {
            fail(HttpError.of(e));
            return;
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} failed while opening the query", head, e);
            fail(internal());
            return;
        }
        produce(true);
    }

    /**
     * Answers the whole request here on the event loop when the engine holds it in memory and it is
     * small (last N trades up to {@value #MEMORY_MAX_ROWS}, the latest quotes of up to
     * {@value #MEMORY_MAX_ROWS} named symbols), as the binary server does: no hand-off to the query
     * pool and back. The key is checked first, as on the pool's path. Returns false for any other
     * request, one that does not parse, or one the engine does not hold: the query pool then answers
     * it, errors included (without checking the key, and taking a rate-limit token, a second time).
     */
    boolean answerFromMemory() {
        String uri = head.uri();
        if (!uri.startsWith("/v1/last") && !uri.startsWith("/v1/latest")) {
            return false;
        }
        RequestTranslator.Translated t;
        try {
            t = translator.translate(uri);
        } catch (RuntimeException e) {
            return false; // reported by the query pool's path, after authentication, as every other error
        }
        boolean small = switch (t.query()) {
            case Query.LastTrades q -> q.n() <= MEMORY_MAX_ROWS;
            case Query.LatestQuote q -> !q.symbols().isEmpty() && q.symbols().size() <= MEMORY_MAX_ROWS;
            default -> false;
        };
        if (!small) {
            return false;
        }
        try {
            authenticate(); // before the engine does any work: a request without a good key costs one hash
            authenticated = true;
            ResultStream<?> held = heldLastTrades(t.query());
            if (held == null) {
                held = service.openFromMemory(t.query());
            }
            if (held == null) {
                return false; // the pool answers it without taking a second token
            }
            stream = open(held);
            prepare(t);
        } catch (QueryException e) {
            closeStream();
            handler.sendError(HttpError.of(e), keepAlive);
            return true;
        } catch (RuntimeException e) {
            closeStream();
            LOG.warn("HTTP {} failed while opening the query", head, e);
            handler.sendError(internal(), keepAlive);
            return true;
        }
        produce(true);
        return true;
    }

    /**
     * Last N of one instrument, taken from the engine field by field into the connection's columns and
     * written from there in one batch (no row objects); null when the engine cannot answer so (the
     * symbol at several venues, or not provably held), or when the answer might not end within the
     * first batch (fewer than {@code batchRows} rows: a full batch is sent before its end is seen).
     */
    private ResultStream<?> heldLastTrades(Query<?> query) {
        if (!(query instanceof Query.LastTrades q) || q.n() >= batchRows) {
            return null;
        }
        return service.lastTradesFromMemory(q, heldTrades.clear()) < 0 ? null : heldTrades;
    }

    @SuppressWarnings("unchecked")
    private static ResultStream<Object> open(ResultStream<?> stream) {
        return (ResultStream<Object>) stream;
    }

    /** The writer for the query's rows and format, writing into the connection's text. */
    @SuppressWarnings("unchecked")
    private void prepare(RequestTranslator.Translated t) {
        writer = (RowWriter<Object>) RowWriter.of(t.format(), Columns.of(t.query()));
        contentType = t.format().contentType();
        RowWriter<Object> w = writer;
        rowSink = row -> {
            try {
                w.row(text, row);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private void authenticate() {
        String key = head.apiKey();
        if (key == null || key.isEmpty()) {
            throw new QueryException(ErrorCode.UNAUTHENTICATED,
                "missing " + HttpQueryHandler.API_KEY_HEADER + " header: send your API key (create one with 'k2 keys add NAME')");
        }
        Principal principal;
        try {
            principal = keys.authenticate(key);
        } catch (QueryException e) {
            if (e.code() == ErrorCode.UNAUTHENTICATED) {
                throw new QueryException(ErrorCode.FORBIDDEN,
                    "API key not accepted: check the " + HttpQueryHandler.API_KEY_HEADER + " header, or create a key with 'k2 keys add NAME'");
            }
            throw e;
        }
        if (!principal.rateLimit().tryAcquire(System.nanoTime())) {
            throw new QueryException(ErrorCode.RATE_LIMITED, "rate limit of " + principal.rateLimit().ratePerSecond()
                + " queries/s for key '" + principal.name() + "' exceeded: retry after a second");
        }
    }

    /** Reads and formats one batch, then hands it to the event loop. Query pool. */
    private void produce(boolean first) {
        if (cancelled) {
            closeStream();
            return;
        }
        ByteBuf chunk;
        boolean ended;
        Cursor next = null;
        try {
            text.setLength(0);
            if (first) {
                writer.begin(text);
            }
            ended = fill();
            if (ended) {
                next = stream.nextCursor();
                writer.end(text, next);
                closeStream();
            }
            chunk = ByteBufUtil.writeUtf8(ctx.alloc(), text);
        } catch (QueryException e) {
            closeStream();
            if (first) {
                fail(HttpError.of(e));
            } else {
                abort(e);
            }
            return;
        } catch (IOException | RuntimeException e) {
            closeStream();
            if (first) {
                LOG.warn("HTTP {} failed while reading its result", head, e);
                fail(internal());
            } else {
                abort(e);
            }
            return;
        }
        String cursor = next == null ? null : next.encode();
        if (text.capacity() > (ended ? KEEP_BETWEEN_REQUESTS : KEEP_WHILE_STREAMING)) {
            text.setLength(0); // an idle kept-alive connection holds at most 64 Ki chars, a streaming one 4 Mi
            text.trimToSize();
            text.ensureCapacity(HttpQueryHandler.INITIAL_TEXT);
        }
        ctx.executor().execute(() -> deliver(first, ended, chunk, cursor));
    }

    /** Polls until a batch is full; true when the result ended. */
    private boolean fill() {
        int rows = 0;
        while (rows < batchRows) {
            int n = stream.poll(batchRows - rows, rowSink);
            if (n == ResultStream.END) {
                return true;
            }
            rows += n;
            if (cancelled) {
                return false;
            }
        }
        return false;
    }

    /** Writes one formatted batch. Event loop. */
    private void deliver(boolean first, boolean ended, ByteBuf chunk, String cursor) {
        if (cancelled || !ctx.channel().isActive()) {
            chunk.release();
            closeStream();
            return;
        }
        if (first && ended) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, chunk);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, chunk.readableBytes());
            if (cursor != null) {
                response.headers().set(NEXT_CURSOR_HEADER, cursor);
            }
            finish(response);
            return;
        }
        if (first) {
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            if (head.version().equals(HttpVersion.HTTP_1_1)) {
                HttpUtil.setTransferEncodingChunked(response, true);
                response.headers().set(HttpHeaderNames.TRAILER, NEXT_CURSOR_HEADER);
            } else {
                keepAlive = false; // HTTP/1.0 has no chunks: the end of the body is the end of the connection
            }
            HttpUtil.setKeepAlive(response, keepAlive);
            ctx.write(response);
        }
        if (ended) {
            LastHttpContent last = new DefaultLastHttpContent(chunk);
            if (cursor != null) {
                last.trailingHeaders().set(NEXT_CURSOR_HEADER, cursor);
            }
            finish(last);
            return;
        }
        ctx.writeAndFlush(new DefaultHttpContent(chunk));
        if (ctx.channel().isWritable()) {
            scheduleNext();
        } else {
            waitingForWritable = true;
        }
    }

    private void finish(Object lastMessage) {
        if (lastMessage instanceof HttpResponse response) {
            HttpUtil.setKeepAlive(response, keepAlive);
        }
        var future = ctx.writeAndFlush(lastMessage);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
        handler.done(keepAlive);
    }

    /** The channel drained below its low watermark. Event loop. */
    void resume() {
        if (waitingForWritable) {
            waitingForWritable = false;
            scheduleNext();
        }
    }

    private void scheduleNext() {
        try {
            executor.execute(() -> produce(false));
        } catch (RejectedExecutionException e) {
            abort(e);
        }
    }

    /** The client went away: stop producing and free the stream. Event loop. */
    void cancel() {
        cancelled = true;
        closeStream();
    }

    private void fail(HttpError error) {
        ctx.executor().execute(() -> {
            if (ctx.channel().isActive()) {
                handler.sendError(error, keepAlive);
            }
        });
    }

    /** An error after the status line went out: the response cannot say so, so the connection is cut. */
    private void abort(Exception e) {
        LOG.warn("HTTP {} failed while streaming its result; closing the connection", head, e);
        closeStream();
        ctx.channel().close();
    }

    private void closeStream() {
        ResultStream<Object> s = stream;
        if (s != null && streamClosed.compareAndSet(false, true)) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the result stream of HTTP {} failed", head, e);
            }
        }
    }

    private static HttpError internal() {
        return new HttpError(ErrorCode.INTERNAL.name(), 500, "internal error: the server log has the details");
    }
}
