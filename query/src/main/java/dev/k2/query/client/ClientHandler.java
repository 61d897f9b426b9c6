package dev.k2.query.client;

import dev.k2.query.api.Cursor;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.QueryException;
import dev.k2.query.protocol.BatchDecoder;
import dev.k2.query.protocol.FrameDecoder;
import dev.k2.query.protocol.FrameView;
import dev.k2.query.protocol.Frames;
import dev.k2.query.protocol.sbe.EndDecoder;
import dev.k2.query.protocol.sbe.ErrorDecoder;
import dev.k2.query.protocol.sbe.LogonAckDecoder;
import dev.k2.query.protocol.sbe.MessageHeaderDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client connection's inbound side, owned by its event-loop thread: decodes frames and
 * dispatches them to the listener of their request id. Requests register in {@link #pending}
 * from any thread before they are sent.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientHandler.class);

    /** What the server said at logon. */
    record Session(int version, int maxFrameBytes, int maxInFlight, String serverInfo) {
    }

    final CompletableFuture<Session> logon = new CompletableFuture<>();
    final Map<Long, ResultListener<Object>> pending = new ConcurrentHashMap<>();
    private final FrameView frames = new FrameView(4096);
    private final MessageHeaderDecoder header = frames.header();
    private final LogonAckDecoder logonAck = new LogonAckDecoder();
    private final ErrorDecoder error = new ErrorDecoder();
    private final EndDecoder end = new EndDecoder();
    private final BatchDecoder batches = new BatchDecoder();
    private final UnsafeBuffer view = frames.buffer();
    private volatile QueryException closedBy;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FrameDecoder.Failure failure) {
            broken(ctx, new QueryException(ErrorCode.INTERNAL, "the server sent a bad frame: " + failure.message()));
            return;
        }
        ByteBuf frame = (ByteBuf) msg;
        try {
            onFrame(ctx, frame);
        } catch (RuntimeException e) {
            broken(ctx, new QueryException(ErrorCode.INTERNAL, "cannot decode a frame from the server: " + e.getMessage(), e));
        } finally {
            frame.release();
        }
    }

    private void onFrame(ChannelHandlerContext ctx, ByteBuf frame) {
        String problem = frames.wrap(frame);
        if (problem != null) {
            broken(ctx, new QueryException(ErrorCode.INTERNAL, "the server sent a bad frame: " + problem));
            return;
        }
        int template = header.templateId();
        int block = header.blockLength();
        int version = header.version();
        if (BatchDecoder.isBatch(template)) {
            batches.decode(header, view, 0, this::onRows);
        } else if (template == EndDecoder.TEMPLATE_ID) {
            EndDecoder d = end.wrap(view, Frames.HEADER_BYTES, block, version);
            long id = d.requestId();
            long rows = d.rowCount();
            int cursorLength = d.nextCursorLength();
            byte[] bytes = new byte[cursorLength];
            d.getNextCursor(bytes, 0, cursorLength);
            Cursor next = cursorLength > 0 ? Cursor.fromBytes(bytes) : null;
            ResultListener<Object> listener = pending.remove(id);
            if (listener != null) {
                safely(() -> listener.onEnd(rows, next));
            }
        } else if (template == ErrorDecoder.TEMPLATE_ID) {
            ErrorDecoder d = error.wrap(view, Frames.HEADER_BYTES, block, version);
            long id = d.requestId();
            ErrorCode code = ErrorCode.of(d.code());
            QueryException e = new QueryException(code, d.message());
            if (id == 0) {
                broken(ctx, e);
            } else {
                ResultListener<Object> listener = pending.remove(id);
                if (listener != null) {
                    safely(() -> listener.onError(e));
                }
            }
        } else if (template == LogonAckDecoder.TEMPLATE_ID) {
            LogonAckDecoder d = logonAck.wrap(view, Frames.HEADER_BYTES, block, version);
            int v = d.version();
            int maxFrame = d.maxFrameBytes();
            int maxInFlight = d.maxInFlight();
            logon.complete(new Session(v, maxFrame, maxInFlight, d.serverInfo()));
        } else {
            broken(ctx, new QueryException(ErrorCode.INTERNAL, "the server sent template " + template + ", which a client does not expect"));
        }
    }

    private void onRows(long requestId, List<Object> rows) {
        ResultListener<Object> listener = pending.get(requestId);
        if (listener != null) {
            safely(() -> listener.onRows(rows));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        failAll(closedBy != null ? closedBy : new QueryException(ErrorCode.UNAVAILABLE, "the connection to the server closed"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        broken(ctx, new QueryException(ErrorCode.UNAVAILABLE, "the connection to the server failed: " + cause.getMessage(), cause));
    }

    /** The reason the connection closed, or {@code null} while it is open. */
    QueryException closedBy() {
        return closedBy;
    }

    private void broken(ChannelHandlerContext ctx, QueryException e) {
        if (closedBy == null) {
            closedBy = e;
        }
        failAll(e);
        ctx.close();
    }

    /** Fails every pending request; also the logon, if it is still waiting. */
    void failAll(QueryException e) {
        logon.completeExceptionally(e);
        for (Long id : pending.keySet()) {
            ResultListener<Object> listener = pending.remove(id);
            if (listener != null) {
                safely(() -> listener.onError(e));
            }
        }
    }

    private static void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("a result listener threw; the client goes on", e);
        }
    }
}
