package dev.k2.feeds.binary;

import dev.k2.engine.ring.EngineFailedException;
import dev.k2.feeds.live.FeedContext;
import dev.k2.feeds.live.FeedStats;
import dev.k2.feeds.live.LiveFeed;
import dev.k2.feeds.live.ReconnectBackoff;
import dev.k2.net.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binary TCP feed (protocol in {@link BinaryProtocol}): a Netty client with one event-loop
 * thread, {@code k2-feed-binary}, that owns every piece of feed state ({@link BinaryFeedSession}) and
 * both connections.
 *
 * <pre>
 *   live port ──▶ BinaryConnectionHandler(LIVE) ──┐                     ┌──▶ TickIngress (tryClaim/publish)
 *                                                  ├─▶ BinaryFeedSession ┤
 *   retransmission port ◀─ RetransmitRequester     │   (decode, gaps)    └──▶ dead-letter sink (this thread's)
 *                      ──▶ BinaryConnectionHandler(RETRANSMIT) ┘
 * </pre>
 *
 * <p>The live connection reconnects with capped exponential back-off after any loss; the
 * retransmission connection is opened when there is a gap to fill, and re-opened (with its own
 * back-off) while there still is. A fresh feed expects every channel to start at sequence 1, so on
 * its first heartbeat it re-requests whatever the session sent before it connected: a restarted feed
 * catches up and the engine's dedup drops what the journal already has.
 */
public final class BinaryTcpFeed implements LiveFeed {
    private static final Logger LOG = LoggerFactory.getLogger(BinaryTcpFeed.class);

    private final BinaryFeedSettings settings;
    private final BinaryFeedSession session;
    private final RetransmitRequester requester;
    private final ReconnectBackoff liveBackoff;
    private final ReconnectBackoff retransmitBackoff;
    private final AtomicLong connectionErrors = new AtomicLong();
    private EventLoopGroup group;
    private EventLoop loop;
    private Channel live;
    private Channel retransmit;
    private boolean retransmitConnecting;
    private boolean stopped;
    private volatile String lastError;

    public BinaryTcpFeed(BinaryFeedSettings settings, FeedContext context) {
        this.settings = settings;
        this.requester = new RetransmitRequester(this::connectRetransmit);
        this.session = new BinaryFeedSession(context, requester);
        this.liveBackoff = new ReconnectBackoff(settings.reconnectMinNs(), settings.reconnectMaxNs(), 1);
        this.retransmitBackoff = new ReconnectBackoff(settings.reconnectMinNs(), settings.reconnectMaxNs(), 2);
        session.links((role, channel) -> {
            if (role == BinaryConnectionHandler.Role.LIVE) {
                liveBackoff.reset();
            } else {
                retransmitBackoff.reset();
                requester.linkUp(channel);
            }
        });
    }

    @Override
    public synchronized void start() {
        if (group != null) {
            throw new IllegalStateException("the binary feed was already started");
        }
        group = Transports.group("k2-feed-binary", 1);
        loop = group.next();
        loop.execute(() -> {
            session.open();
            connectLive();
        });
    }

    private Bootstrap bootstrap(BinaryConnectionHandler.Role role) {
        BinaryConnectionHandler.Events events = new BinaryConnectionHandler.Events() {
            @Override
            public void active(BinaryConnectionHandler.Role r, Channel channel) {
                if (r == BinaryConnectionHandler.Role.LIVE) {
                    session.connected();
                }
            }

            @Override
            public void inactive(BinaryConnectionHandler.Role r, Channel channel) {
                onInactive(r, channel);
            }

            @Override
            public void failed(BinaryConnectionHandler.Role r, Throwable cause) {
                onFailure(r, cause);
            }
        };
        return new Bootstrap().group(loop).channel(Transports.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_RCVBUF, 1 << 20)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new BinaryConnectionHandler(session, role, events, settings.retryFullRingNs()));
                }
            });
    }

    private void connectLive() {
        if (stopped) {
            return;
        }
        ChannelFuture future = bootstrap(BinaryConnectionHandler.Role.LIVE).connect(settings.liveHost(), settings.livePort());
        live = future.channel();
        future.addListener(f -> {
            if (!f.isSuccess()) {
                noteError("cannot connect to the live port " + settings.liveHost() + ":" + settings.livePort(), f.cause());
                scheduleLive();
            }
        });
    }

    private void scheduleLive() {
        if (!stopped) {
            loop.schedule(this::connectLive, liveBackoff.nextDelayNs(), TimeUnit.NANOSECONDS);
        }
    }

    /** Called by the requester when it has work and no link. */
    private void connectRetransmit() {
        if (stopped || retransmitConnecting) {
            return;
        }
        retransmitConnecting = true;
        ChannelFuture future = bootstrap(BinaryConnectionHandler.Role.RETRANSMIT)
            .connect(settings.retransmitHost(), settings.retransmitPort());
        retransmit = future.channel();
        future.addListener(f -> {
            if (!f.isSuccess()) {
                noteError("cannot connect to the retransmission port " + settings.retransmitHost() + ":"
                    + settings.retransmitPort(), f.cause());
                retryRetransmit();
            }
        });
    }

    private void retryRetransmit() {
        if (stopped) {
            return;
        }
        loop.schedule(() -> {
            retransmitConnecting = false;
            if (requester.hasWork()) {
                connectRetransmit();
            }
        }, retransmitBackoff.nextDelayNs(), TimeUnit.NANOSECONDS);
    }

    private void onInactive(BinaryConnectionHandler.Role role, Channel channel) {
        if (role == BinaryConnectionHandler.Role.LIVE) {
            if (channel == live) {
                scheduleLive();
            }
        } else if (channel == retransmit) {
            retransmit = null;
            if (stopped) {
                return;
            }
            retryRetransmitAfterLoss();
        }
    }

    private void retryRetransmitAfterLoss() {
        retransmitConnecting = true;
        requester.linkDown();
        retryRetransmit();
    }

    private void onFailure(BinaryConnectionHandler.Role role, Throwable cause) {
        if (cause instanceof EngineFailedException) {
            noteError("the engine failed; the feed stops", cause);
            stopOnLoop();
            return;
        }
        noteError("the " + role.label() + " connection failed", cause);
    }

    private void noteError(String what, Throwable cause) {
        connectionErrors.incrementAndGet();
        String message = what + ": " + (cause == null ? "unknown cause" : cause.getMessage());
        lastError = message;
        if (!stopped) {
            LOG.warn("{}; retrying with back-off", message);
        }
    }

    /** Connection attempts and connections that failed (each is retried with back-off). */
    public long connectionErrors() {
        return connectionErrors.get();
    }

    /** The last connection error, for a person, or null. */
    public String lastError() {
        return lastError;
    }

    @Override
    public FeedStats stats() {
        return session.stats();
    }

    private void stopOnLoop() {
        stopped = true;
        session.close();
        if (live != null) {
            live.close();
        }
        if (retransmit != null) {
            retransmit.close();
        }
    }

    @Override
    public synchronized void close() {
        if (group == null || group.isShutdown()) {
            return;
        }
        if (!loop.isShuttingDown()) {
            loop.submit(this::stopOnLoop).awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
