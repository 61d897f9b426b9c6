package dev.k2.query.server;

import dev.k2.query.api.QueryService;
import dev.k2.query.auth.ApiKeyStore;
import dev.k2.query.protocol.FrameDecoder;
import dev.k2.net.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binary TCP query server (protocol: {@link dev.k2.query.protocol.Frames}).
 *
 * <pre>
 *  socket ─▶ FrameDecoder ─▶ ConnectionHandler (event loop k2-query-io-N: logon, limits, writes)
 *                                  │ RequestTask.schedule          ▲ batch / end / fail (posted to the loop)
 *                                  ▼                               │
 *                       query executor k2-query-N: QueryService.open, ResultStream.poll
 * </pre>
 *
 * <p>Nothing that may block runs on an event loop: opening a query, polling it and checking an API
 * key run on the query executor. Each request polls one batch at a time and only while its
 * channel is writable (see {@link RequestTask}), so a slow client never stalls the engine, the
 * journal writer or other clients. Usage:
 *
 * <pre>{@code
 * try (QueryServer server = QueryServer.start(service, ApiKeyStore.open(keysFile), ServerSettings.defaults())) {
 *     ... server.port() ...
 * }
 * }</pre>
 * The server does not close the {@link QueryService}; its owner does.
 */
public final class QueryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);

    private final QueryService service;
    private final ApiKeyStore keys;
    private final ServerSettings settings;
    private final ServerStats stats = new ServerStats();
    private EventLoopGroup group;
    /** Every open connection, closed by {@link #close}. */
    private final ChannelGroup connections = new DefaultChannelGroup("k2-query-connections", GlobalEventExecutor.INSTANCE);
    private ExecutorService queryExecutor;
    private Channel channel;

    public QueryServer(QueryService service, ApiKeyStore keys, ServerSettings settings) {
        this.service = service;
        this.keys = keys;
        this.settings = settings;
    }

    /** Creates and starts a server; {@link #port()} tells the bound port when {@code settings.port()} is 0. */
    public static QueryServer start(QueryService service, ApiKeyStore keys, ServerSettings settings) {
        return new QueryServer(service, keys, settings).start();
    }

    /** Binds and starts accepting; throws when the address cannot be bound. */
    public synchronized QueryServer start() {
        if (group != null) {
            throw new IllegalStateException("the query server was already started");
        }
        AtomicInteger threads = new AtomicInteger();
        queryExecutor = Executors.newFixedThreadPool(settings.queryThreads(), r -> {
            Thread t = new Thread(r, "k2-query-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        group = Transports.group("k2-query-io", settings.ioThreads());
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(Transports.serverChannel())
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(settings.writeLowBytes(), settings.writeHighBytes()))
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ch.pipeline().addLast(new FrameDecoder(settings.maxFrameBytes()),
                        new ConnectionHandler(service, keys, settings, stats, queryExecutor));
                }
            });
        if (settings.sendBufferBytes() > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, settings.sendBufferBytes());
        }
        try {
            channel = bootstrap.bind(settings.bindAddress(), settings.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdown();
            throw new IllegalStateException("cannot listen on " + settings.bindAddress() + ":" + settings.port()
                + ": " + e.getMessage() + " (is another server on that port?)", e);
        }
        LOG.info("query server listening on {} ({}): {}", channel.localAddress(), Transports.name(), settings.describe());
        return this;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    public ServerSettings settings() {
        return settings;
    }

    public ServerStats stats() {
        return stats;
    }

    /** Stops accepting, closes every connection (their streams are closed) and stops the threads. */
    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
        }
        // closed here, not left to the event loops' shutdown: after that alone a connection's socket was seen still
        // ESTABLISHED (its unread request queued), and a blocking client waited for an answer that never came
        connections.close().awaitUninterruptibly();
        shutdown();
    }

    private void shutdown() {
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (queryExecutor != null) {
            queryExecutor.shutdown();
            try {
                if (!queryExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                    queryExecutor.shutdownNow();
                }
            } catch (InterruptedException e) {
                queryExecutor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
