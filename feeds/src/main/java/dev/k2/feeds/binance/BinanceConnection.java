package dev.k2.feeds.binance;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One WebSocket connection to Binance, as the last handler of its channel: it completes the
 * handshake, hands every data frame to its {@link Listener}, answers each server ping at once with
 * a pong carrying the same payload, and answers a close frame. Control frames it sends (pong,
 * close) obey Binance's limit of 5 per second per connection: one over the limit waits for a slot.
 *
 * <p>Runs on the feed's event loop; the listener is called on it too.
 */
final class BinanceConnection extends ChannelInboundHandlerAdapter {
    /** What the connection reports to its feed. */
    interface Listener {
        void onOpen(BinanceConnection connection);

        /** A text or binary frame's payload; valid during the call only (retain it to keep it). */
        void onData(BinanceConnection connection, ByteBuf payload);

        void onClosed(BinanceConnection connection);

        void onError(BinanceConnection connection, Throwable cause);
    }

    private final int number;
    private final String source;
    private final WebSocketClientHandshaker handshaker;
    private final Listener listener;
    private final LongSupplier nanoClock;
    private final SlidingWindowLimiter control;
    private ChannelHandlerContext ctx;
    private final long createdNs;
    private long openedNs = -1;
    private long lastDataNs;
    private long firstDataNs = -1;
    private long frames;
    private long pongs;
    private boolean retiring;

    /**
     * @param handshaker the client handshaker, or null when the channel already speaks WebSocket (tests)
     */
    BinanceConnection(int number, String source, WebSocketClientHandshaker handshaker, Listener listener,
                      LongSupplier nanoClock, int controlPerSecond) {
        this.number = number;
        this.source = source;
        this.handshaker = handshaker;
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.control = new SlidingWindowLimiter(controlPerSecond, TimeUnit.SECONDS.toNanos(1));
        this.createdNs = nanoClock.getAsLong();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        if (handshaker == null && context.channel().isActive()) {
            opened();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        if (handshaker != null) {
            handshaker.handshake(context.channel());
        } else {
            opened();
        }
        context.fireChannelActive();
    }

    private void opened() {
        if (openedNs < 0) {
            openedNs = nanoClock.getAsLong();
            lastDataNs = openedNs;
            listener.onOpen(this);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        try {
            if (handshaker != null && !handshaker.isHandshakeComplete()) {
                if (!(msg instanceof FullHttpResponse response)) {
                    throw new IllegalStateException("expected the WebSocket handshake response, got " + msg.getClass().getSimpleName());
                }
                handshaker.finishHandshake(context.channel(), response);
                context.pipeline().addBefore(context.name(), "ws-aggregator", new WebSocketFrameAggregator(1 << 20));
                opened();
            } else if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
                frames++;
                long now = nanoClock.getAsLong();
                lastDataNs = now;
                if (firstDataNs < 0) {
                    firstDataNs = now;
                }
                listener.onData(this, ((io.netty.buffer.ByteBufHolder) msg).content());
            } else if (msg instanceof PingWebSocketFrame ping) {
                pong(ping.content().retain());
            } else if (msg instanceof CloseWebSocketFrame close) {
                sendControl(new CloseWebSocketFrame(close.statusCode(), close.reasonText()), true);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Answers a ping now, or as soon as the control-message limit allows. Takes ownership of {@code payload}. */
    private void pong(ByteBuf payload) {
        sendControl(new PongWebSocketFrame(payload), false);
        pongs++;
    }

    private void sendControl(io.netty.handler.codec.http.websocketx.WebSocketFrame frame, boolean thenClose) {
        long now = nanoClock.getAsLong();
        long delay = control.delayNs(now);
        if (delay > 0) {
            ctx.executor().schedule(() -> sendControl(frame, thenClose), delay, TimeUnit.NANOSECONDS);
            return;
        }
        control.record(now);
        if (thenClose) {
            ctx.writeAndFlush(frame).addListener(f -> ctx.close());
        } else {
            ctx.writeAndFlush(frame);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        listener.onClosed(this);
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        listener.onError(this, cause);
        context.close();
    }

    /** Closes politely (a close frame, within the control limit), then the socket. */
    void close() {
        if (ctx == null || !ctx.channel().isActive()) {
            if (ctx != null) {
                ctx.close();
            }
            return;
        }
        if (openedNs >= 0 && control.delayNs(nanoClock.getAsLong()) == 0) {
            sendControl(new CloseWebSocketFrame(1000, "k2 closing"), true);
        } else {
            ctx.close();
        }
    }

    void setAutoRead(boolean autoRead) {
        if (ctx != null) {
            ctx.channel().config().setAutoRead(autoRead);
        }
    }

    boolean isOpen() {
        return openedNs >= 0 && ctx != null && ctx.channel().isActive();
    }

    int number() {
        return number;
    }

    /** Where its frames came from, for dead letters. */
    String source() {
        return source;
    }

    long createdNs() {
        return createdNs;
    }

    /** When the WebSocket handshake completed, or -1. */
    long openedNs() {
        return openedNs;
    }

    long lastDataNs() {
        return lastDataNs;
    }

    /** When the first data frame arrived (the connection is live), or -1. */
    long firstDataNs() {
        return firstDataNs;
    }

    boolean live() {
        return firstDataNs >= 0;
    }

    long frames() {
        return frames;
    }

    long pongs() {
        return pongs;
    }

    /** Marked when a replacement is wanted (rotation, serverShutdown, stale). */
    boolean retiring() {
        return retiring;
    }

    void retire() {
        retiring = true;
    }
}
