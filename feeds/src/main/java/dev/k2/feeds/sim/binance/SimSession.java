package dev.k2.feeds.sim.binance;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Set;

/**
 * One client connection to the simulator: the streams it subscribed to, whether its payloads are
 * wrapped (combined streams), and its ping/pong state. Runs on the simulator's event loop.
 */
final class SimSession extends SimpleChannelInboundHandler<WebSocketFrame> {
    final Channel channel;
    final Set<String> streams;
    final boolean combined;
    boolean stalled;
    boolean noPing;
    boolean ignorePongs;
    long pingSentNs = -1;
    long pingPayload;
    private final BinanceSimulator simulator;

    SimSession(BinanceSimulator simulator, Channel channel, Set<String> streams, boolean combined) {
        this.simulator = simulator;
        this.channel = channel;
        this.streams = streams;
        this.combined = combined;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof PongWebSocketFrame pong) {
            if (!ignorePongs && pingSentNs >= 0 && pong.content().readableBytes() == 8
                && pong.content().getLong(pong.content().readerIndex()) == pingPayload) {
                pingSentNs = -1;
            }
        } else if (frame instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame close) {
            ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), close.reasonText())).addListener(f -> ctx.close());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        simulator.sessionClosed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Sends a data frame unless the session is stalled; {@code text} is shared, so it is duplicated. */
    boolean send(ByteBuf text) {
        if (stalled || !channel.isActive()) {
            return false;
        }
        channel.write(new TextWebSocketFrame(text.retainedDuplicate()));
        return true;
    }

    void ping(long payload, long nowNs) {
        if (stalled || noPing || !channel.isActive()) {
            return;
        }
        if (pingSentNs < 0) {
            pingSentNs = nowNs;
            pingPayload = payload;
        }
        channel.writeAndFlush(new PingWebSocketFrame(Unpooled.buffer(8).writeLong(pingPayload)));
    }
}
