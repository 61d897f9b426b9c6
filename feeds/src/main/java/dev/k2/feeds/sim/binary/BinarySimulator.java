package dev.k2.feeds.sim.binary;

import dev.k2.feeds.binary.BinaryProtocol;
import dev.k2.feeds.binary.TickFlyweight;
import dev.k2.net.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A local exchange for the binary protocol ({@link BinaryProtocol}) on 127.0.0.1: a live port that
 * streams ticks at a planned rate to one client at a time, and a retransmission port that answers
 * re-requests with the original frames. Everything runs on one event-loop thread, {@code k2-sim-binary}.
 *
 * <p>The clock starts at the first logon. Tick n (from 1) is planned for {@code start + (n-1)/rate}
 * and carries that planned time as its exchange time, so a receiver measures latency from when the
 * tick should have been sent (no coordinated omission); at rate {@code max} it carries the time it
 * was produced. Ticks are produced while no client is connected too (a real exchange does not
 * wait); a reconnecting client learns what it missed from the heartbeats and re-requests it. While
 * the connected client does not read (TCP back-pressure), the exchange holds its ticks back.
 */
public final class BinarySimulator implements AutoCloseable {
    /** The venue the simulator announces at logon. */
    public static final String VENUE = "K2SIM";
    private static final int BATCH_BYTES = 64 * 1024;
    private static final int BUDGET_PER_PUMP = 8_192;

    private final BinarySimSettings settings;
    private final MarketTape tape;
    private final FaultPlan faults;
    private final SplittableRandom faultRandom;
    private final double periodNs;
    private EventLoopGroup group;
    private EventLoop loop;
    private Channel liveServer;
    private Channel retransmitServer;
    private Channel live;
    private boolean started;
    private boolean finished;
    private boolean closed;
    private boolean pumpScheduled;
    private long startNanos;
    private long startEpochNs;
    private long endNanos;
    private int skipLeft;
    private long skipped;
    private long malformedSent;
    private long drops;
    private long retransmitted;
    private long connections;
    private long connectionErrors;
    private int malformedKind;
    private volatile boolean done;
    private final Runnable pump = this::pump;

    public BinarySimulator(BinarySimSettings settings) {
        this.settings = settings;
        this.tape = new MarketTape(settings);
        this.faults = settings.faults();
        this.faultRandom = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
        this.periodNs = settings.ratePerSecond() > 0 ? 1e9 / settings.ratePerSecond() : 0;
    }

    /** Binds both ports; production starts at the first logon. */
    public BinarySimulator start() {
        group = Transports.group("k2-sim-binary", 1);
        loop = group.next();
        try {
            liveServer = bind(settings.livePort(), true);
            retransmitServer = bind(settings.retransmitPort(), false);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            throw e;
        }
        return this;
    }

    private Channel bind(int port, boolean livePort) {
        ServerBootstrap bootstrap = new ServerBootstrap().group(loop).channel(Transports.serverChannel())
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_SNDBUF, 1 << 20)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(ByteOrder.LITTLE_ENDIAN,
                        BinaryProtocol.MAX_FRAME_LENGTH + BinaryProtocol.LENGTH_FIELD, 0, BinaryProtocol.LENGTH_FIELD,
                        0, 0, true), new RequestHandler(livePort));
                }
            });
        try {
            return bootstrap.bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding port " + port, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                + "): is another process using it? Choose another port, or 0 for any free one", e);
        }
    }

    public int livePort() {
        return ((InetSocketAddress) liveServer.localAddress()).getPort();
    }

    public int retransmitPort() {
        return ((InetSocketAddress) retransmitServer.localAddress()).getPort();
    }

    /** True once every tick was produced (or the duration ran out). Any thread. */
    public boolean finished() {
        return done;
    }

    /** What was produced so far; any thread (asks the simulator's thread). */
    public SimSummary summary() {
        if (loop == null || loop.isShutdown()) {
            return summaryOnLoop();
        }
        try {
            return loop.submit(this::summaryOnLoop).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the simulator summary", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the simulator summary: " + e.getCause(), e.getCause());
        }
    }

    private SimSummary summaryOnLoop() {
        long end = finished ? endNanos : System.nanoTime();
        return new SimSummary(tape.sessionId(), tape.produced(), tape.channelSummaries(), skipped, malformedSent, drops,
            retransmitted, connections, connectionErrors, finished, started ? end - startNanos : 0);
    }

    // ---- live stream ----

    private void onLiveLogon(Channel channel) {
        if (live != null && live != channel) {
            live.close();
        }
        live = channel;
        connections++;
        ByteBuf out = channel.alloc().buffer(BinaryProtocol.LOGON_ACCEPTED_FRAME + tape.definitionBytes()
            + tape.heartbeatBytes());
        tape.writeLogonAccepted(out);
        tape.writeDefinitions(out);
        tape.writeHeartbeats(out);
        channel.writeAndFlush(out, channel.voidPromise());
        if (!started) {
            started = true;
            startNanos = System.nanoTime();
            startEpochNs = settings.clock().epochNanos();
            loop.scheduleAtFixedRate(this::heartbeat, settings.heartbeatNs(), settings.heartbeatNs(), TimeUnit.NANOSECONDS);
        }
        pump();
    }

    private void heartbeat() {
        Channel out = live;
        if (out != null && out.isActive()) {
            ByteBuf buf = out.alloc().buffer(tape.heartbeatBytes());
            tape.writeHeartbeats(buf);
            out.writeAndFlush(buf, out.voidPromise());
        }
    }

    private Channel sendable() {
        Channel out = live;
        return out != null && out.isActive() ? out : null;
    }

    private void pump() {
        pumpScheduled = false;
        if (!started || finished || closed) {
            return;
        }
        long now = System.nanoTime();
        if (settings.maxDurationNs() > 0 && now - startNanos >= settings.maxDurationNs()) {
            finish();
            return;
        }
        long due = settings.count();
        if (periodNs > 0) {
            due = Math.min(due, 1 + (long) ((now - startNanos) / periodNs));
        }
        ByteBuf batch = null;
        Channel batchFor = null;
        int budget = BUDGET_PER_PUMP;
        boolean blocked = false;
        while (tape.produced() < due && budget-- > 0) {
            Channel out = sendable();
            if (out != batchFor) {
                flush(batchFor, batch);
                batch = null;
                batchFor = out;
            }
            if (out != null && !out.isWritable()) {
                blocked = true;
                break;
            }
            long n = tape.produced() + 1;
            long planned = periodNs > 0 ? startEpochNs + (long) ((n - 1) * periodNs) : settings.clock().epochNanos();
            int channel = tape.produceNext(planned);
            if (skipLeft == 0 && FaultPlan.due(faults.skipEvery(), n)) {
                skipLeft = 1 + faultRandom.nextInt(3);
            }
            if (out == null) {
                continue;
            }
            if (batch == null) {
                batch = out.alloc().buffer(BATCH_BYTES);
            }
            if (skipLeft > 0) {
                skipLeft--;
                skipped++;
            } else {
                tape.copyLast(channel, batch);
            }
            if (FaultPlan.due(faults.malformedEvery(), n)) {
                writeMalformed(batch);
            }
            if (FaultPlan.due(faults.badFrameEvery(), n)) {
                writeBadFrame(batch);
                flush(out, batch);
                batch = null;
                live = null;
            } else if (FaultPlan.due(faults.dropEvery(), n)) {
                flush(out, batch);
                batch = null;
                abort(out);
            } else if (batch.writableBytes() < 2 * TickFlyweight.FRAME_LENGTH || batch.readableBytes() >= BATCH_BYTES - 256) {
                flush(out, batch);
                batch = null;
            }
        }
        flush(batchFor, batch);
        if (tape.produced() >= settings.count()) {
            finish();
        } else if (!blocked) {
            long delayNs = periodNs > 0 && tape.produced() >= due
                ? startNanos + (long) (tape.produced() * periodNs) - System.nanoTime() : 0;
            schedulePump(delayNs);
        }
    }

    private void schedulePump(long delayNs) {
        if (pumpScheduled || closed) {
            return;
        }
        pumpScheduled = true;
        if (delayNs <= 0) {
            loop.execute(pump);
        } else {
            loop.schedule(pump, delayNs, TimeUnit.NANOSECONDS);
        }
    }

    private static void flush(Channel out, ByteBuf batch) {
        if (batch == null) {
            return;
        }
        if (out != null && out.isActive() && batch.isReadable()) {
            out.writeAndFlush(batch, out.voidPromise());
        } else {
            batch.release();
        }
    }

    /** Aborts the connection with a TCP reset: what is in flight is lost, as on a real drop. */
    private void abort(Channel out) {
        drops++;
        live = null;
        out.config().setOption(ChannelOption.SO_LINGER, 0);
        out.close();
    }

    /** A frame that keeps the framing but that the client must reject: four kinds, in turn. */
    private void writeMalformed(ByteBuf batch) {
        malformedSent++;
        int kind = malformedKind++ & 3;
        switch (kind) {
            case 0 -> {
                batch.writeShortLE(14);
                batch.writeByte('Z');
                batch.writeByte(BinaryProtocol.VERSION);
                batch.writeZero(12);
            }
            case 1 -> new TickFlyweight().appendTo(batch).channel(1).side(9).channelSeq(1).instrumentSeq(1)
                .instrumentId(1).quantity(100);
            case 2 -> new TickFlyweight().appendTo(batch).channel(1).side(1).channelSeq(1).instrumentSeq(1)
                .instrumentId(999_999).quantity(100);
            default -> {
                batch.writeShortLE(BinaryProtocol.HEARTBEAT_FRAME + 2);
                batch.writeByte(BinaryProtocol.HEARTBEAT);
                batch.writeByte(BinaryProtocol.VERSION);
                batch.writeZero(BinaryProtocol.HEARTBEAT_FRAME);
            }
        }
    }

    /** A frame whose length prefix is impossible: the client loses the framing and must reconnect. */
    private void writeBadFrame(ByteBuf batch) {
        malformedSent++;
        batch.writeShortLE(0xFFFF);
        batch.writeByte(BinaryProtocol.TICK);
        batch.writeByte(BinaryProtocol.VERSION);
        batch.writeZero(TickFlyweight.FRAME_LENGTH - BinaryProtocol.HEADER_LENGTH);
    }

    private void finish() {
        finished = true;
        endNanos = System.nanoTime();
        done = true;
        heartbeat();
    }

    // ---- retransmission ----

    private void onRetransmitRequest(Channel channel, ByteBuf frame) {
        int ch = BinaryProtocol.channel(frame, frame.readerIndex());
        long from = BinaryProtocol.retransmitFromSeq(frame, frame.readerIndex());
        long count = BinaryProtocol.retransmitCount(frame, frame.readerIndex());
        int n = tape.retransmittable(ch, from, count);
        ByteBuf out = channel.alloc().buffer(BinaryProtocol.RETRANSMIT_RESPONSE_FRAME + n * TickFlyweight.FRAME_LENGTH);
        BinaryProtocol.writeRetransmitResponse(out, ch, from, n);
        for (int i = 0; i < n; i++) {
            tape.copy(ch, from + i, out);
        }
        retransmitted += n;
        channel.writeAndFlush(out, channel.voidPromise());
    }

    private void onRetransmitLogon(Channel channel) {
        ByteBuf out = channel.alloc().buffer(BinaryProtocol.LOGON_ACCEPTED_FRAME + tape.definitionBytes());
        tape.writeLogonAccepted(out);
        tape.writeDefinitions(out);
        channel.writeAndFlush(out, channel.voidPromise());
    }

    /** Client frames on either port: Logon, and RetransmitRequest on the retransmission port. */
    private final class RequestHandler extends ChannelInboundHandlerAdapter {
        private final boolean livePort;

        RequestHandler(boolean livePort) {
            this.livePort = livePort;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                int length = frame.readableBytes();
                int type = BinaryProtocol.type(frame, frame.readerIndex());
                if (type == BinaryProtocol.LOGON && length == BinaryProtocol.LOGON_FRAME) {
                    if (livePort) {
                        onLiveLogon(ctx.channel());
                    } else {
                        onRetransmitLogon(ctx.channel());
                    }
                } else if (!livePort && type == BinaryProtocol.RETRANSMIT_REQUEST
                    && length == BinaryProtocol.RETRANSMIT_REQUEST_FRAME) {
                    onRetransmitRequest(ctx.channel(), frame);
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (livePort && ctx.channel() == live && ctx.channel().isWritable()) {
                pump();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == live) {
                live = null;
                pump();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            connectionErrors++;
            ctx.close();
        }
    }

    /** Stops serving, frees the retained ticks; returns when the simulator's thread has ended. */
    @Override
    public void close() {
        if (group == null || group.isShutdown()) {
            return;
        }
        loop.submit(() -> {
            closed = true;
            if (live != null) {
                live.close();
            }
            liveServer.close();
            retransmitServer.close();
        }).awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        tape.release();
    }
}
