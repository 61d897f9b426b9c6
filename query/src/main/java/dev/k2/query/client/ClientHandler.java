package dev.k2.query.client;

import dev.k2.query.api.Cursor;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.QueryException;
import dev.k2.query.protocol.FrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client connection's inbound side, owned by its event-loop thread: decodes frames and
 * dispatches them to the listener of their request id. Requests register in {@link #pending}
 * from any thread before they are sent.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientHandler.class);

    final CompletableFuture<ResponseDecoder.Session> logon = new CompletableFuture<>();
    final Map<Long, ResultListener<Object>> pending = new ConcurrentHashMap<>();
    private final ResponseDecoder decoder = new ResponseDecoder();
    private final ResponseDecoder.Receiver receiver = new Dispatch();
    private ChannelHandlerContext ctx;
    private volatile QueryException closedBy;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FrameDecoder.Failure failure) {
            broken(ctx, new QueryException(ErrorCode.INTERNAL, "the server sent a bad frame: " + failure.message()));
            return;
        }
        ByteBuf frame = (ByteBuf) msg;
        try {
            this.ctx = ctx;
            String problem = decoder.decode(frame, receiver);
            if (problem != null) {
                broken(ctx, new QueryException(ErrorCode.INTERNAL, "the server sent a bad frame: " + problem));
            }
        } catch (RuntimeException e) {
            broken(ctx, new QueryException(ErrorCode.INTERNAL, "cannot decode a frame from the server: " + e.getMessage(), e));
        } finally {
            frame.release();
        }
    }

    /** Hands each decoded message to the listener of its request. */
    private final class Dispatch implements ResponseDecoder.Receiver {
        @Override
        public void logonAck(ResponseDecoder.Session session) {
            logon.complete(session);
        }

        @Override
        public void rows(long requestId, List<Object> rows) {
            ResultListener<Object> listener = pending.get(requestId);
            if (listener != null) {
                safely(() -> listener.onRows(rows));
            }
        }

        @Override
        public void end(long requestId, long rowCount, Cursor next) {
            ResultListener<Object> listener = pending.remove(requestId);
            if (listener != null) {
                safely(() -> listener.onEnd(rowCount, next));
            }
        }

        @Override
        public void error(long requestId, QueryException e) {
            if (requestId == 0) {
                broken(ctx, e);
                return;
            }
            ResultListener<Object> listener = pending.remove(requestId);
            if (listener != null) {
                safely(() -> listener.onError(e));
            }
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
