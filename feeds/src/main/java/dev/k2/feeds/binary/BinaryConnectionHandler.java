package dev.k2.feeds.binary;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.concurrent.TimeUnit;

/**
 * One connection of the binary feed (live or retransmission). Decodes per socket read: each read is
 * appended to one cumulation buffer and every whole frame in it is decoded straight into ring slots
 * by {@link BinaryFeedSession#decode}. When the ring is full, it turns the channel's auto-read off
 * (TCP back-pressure reaches the sender), keeps the undecoded bytes, and retries on its own event
 * loop after a short delay; it turns auto-read back on once the backlog is published. Nothing is
 * dropped. A broken framing closes the connection; the feed reconnects.
 */
public final class BinaryConnectionHandler extends ChannelInboundHandlerAdapter {
    /** Which port the connection is on. */
    public enum Role {
        LIVE("live"),
        RETRANSMIT("retransmission");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Connection lifecycle, reported to the feed on the event loop. */
    interface Events {
        void active(Role role, Channel channel);

        void inactive(Role role, Channel channel);

        void failed(Role role, Throwable cause);
    }

    private final BinaryFeedSession session;
    private final Role role;
    private final Events events;
    private final long retryNs;
    private ChannelHandlerContext context;
    private ByteBuf cumulation;
    private boolean paused;
    /** Set when the framing is lost: whatever else arrives on this connection is discarded. */
    private boolean broken;
    private String source;
    private long frames;
    private final Runnable resume = this::resume;

    BinaryConnectionHandler(BinaryFeedSession session, Role role, Events events, long retryNs) {
        this.session = session;
        this.role = role;
        this.events = events;
        this.retryNs = retryNs;
    }

    Role role() {
        return role;
    }

    Channel channel() {
        return context.channel();
    }

    /** For dead letters: which connection. */
    String source() {
        return source;
    }

    long framesDecoded() {
        return frames;
    }

    void frameDecoded() {
        frames++;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        source = "binary " + role.label + " tcp:/" + ctx.channel().remoteAddress();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        source = "binary " + role.label + " tcp:/" + ctx.channel().remoteAddress();
        ByteBuf logon = ctx.alloc().buffer(BinaryProtocol.LOGON_FRAME);
        BinaryProtocol.writeLogon(logon, 0);
        ctx.writeAndFlush(logon, ctx.voidPromise());
        events.active(role, ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (broken) {
            in.release();
            return;
        }
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        if (!paused) {
            drain();
        }
    }

    /** @return true when the ring was full and a retry is scheduled */
    private boolean drain() {
        if (cumulation == null) {
            return false;
        }
        int status = session.decode(cumulation, this);
        if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        } else {
            cumulation.discardSomeReadBytes();
        }
        if (status == BinaryFeedSession.FULL) {
            if (!paused) {
                paused = true;
                context.channel().config().setAutoRead(false);
            }
            context.executor().schedule(resume, retryNs, TimeUnit.NANOSECONDS);
            return true;
        }
        if (status != BinaryFeedSession.OK) {
            broken = true;
            release();
            context.close();
        }
        return false;
    }

    private void resume() {
        if (cumulation == null || session.closed() || !drain()) {
            unpause();
        }
    }

    private void unpause() {
        if (paused) {
            paused = false;
            context.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        events.inactive(role, ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        events.failed(role, cause);
        ctx.close();
    }
}
