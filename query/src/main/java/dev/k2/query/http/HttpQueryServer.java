package dev.k2.query.http;

import dev.k2.query.api.QueryService;
import dev.k2.query.auth.ApiKeyStore;
import dev.k2.net.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP JSON API (issue 5): HTTP/1.1 with keep-alive over Netty, GET only, answering from the
 * same {@link QueryService} as the binary protocol. Endpoints and parameters: {@link RequestTranslator};
 * row formats: {@link dev.k2.query.format}; errors: {@link HttpError}.
 *
 * <pre>
 *  socket ─▶ HttpServerCodec ─▶ IdleStateHandler ─▶ RequestSizeAggregator ─▶ HttpQueryHandler ─┐
 *            (414 URI, 431 headers)                  (413 body)              (405, per-connection│
 *                                                                             request queue)     │
 *   k2-http-io-N (event loop)                                                                    ▼
 *   k2-http-query-N (bounded pool): auth (401/403/429) ─▶ translate (400/404) ─▶ QueryService.open
 *        ─▶ poll a batch ─▶ format (RowWriter) ─▶ hand the chunk to the event loop, which writes it
 *           and asks for the next batch only while the channel is writable (back-pressure)
 * </pre>
 *
 * A result that fits in one batch goes out with a Content-Length; a longer one is streamed with
 * chunked transfer encoding. The next-page cursor is in the JSON body ({@code next_cursor}) and in an
 * {@code X-Next-Cursor} header (one-batch results) or trailer (streamed results).
 *
 * <p>Use: {@code try (var server = new HttpQueryServer(service, keys, HttpServerConfig.defaults().withPort(0))) {
 * server.start(); ... server.port() ... }}. The server does not close the service or the key store.
 */
public final class HttpQueryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpQueryServer.class);

    private final QueryService service;
    private final ApiKeyStore keys;
    private final HttpServerConfig config;
    private final RequestTranslator translator;
    private EventLoopGroup group;
    private ThreadPoolExecutor executor;
    private ChannelGroup channels;
    private Channel serverChannel;
    private InetSocketAddress address;

    public HttpQueryServer(QueryService service, ApiKeyStore keys, HttpServerConfig config) {
        if (service == null || keys == null || config == null) {
            throw new IllegalArgumentException("HttpQueryServer needs a query service, an API key store and a config");
        }
        this.service = service;
        this.keys = keys;
        this.config = config;
        this.translator = new RequestTranslator(config.defaultLimit(), config.maxLimit());
    }

    /** Binds and starts serving; returns the bound address (the real port when the config says 0). */
    public synchronized InetSocketAddress start() {
        if (serverChannel != null) {
            throw new IllegalStateException("HTTP API already started on " + address);
        }
        group = Transports.group("k2-http-io", config.ioThreads());
        executor = new ThreadPoolExecutor(config.queryThreads(), config.queryThreads(), 0L, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(config.queueCapacity()), new DefaultThreadFactory("k2-http-query", true),
            new ThreadPoolExecutor.AbortPolicy());
        channels = new DefaultChannelGroup("k2-http", GlobalEventExecutor.INSTANCE);
        HttpDecoderConfig decoder = new HttpDecoderConfig()
            .setMaxInitialLineLength(config.maxUriBytes())
            .setMaxHeaderSize(config.maxHeaderBytes())
            .setMaxChunkSize(8192);
        ChannelInitializer<SocketChannel> init = new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                channels.add(ch);
                ch.pipeline().addLast("http", new HttpServerCodec(decoder))
                    .addLast("idle", new IdleStateHandler(0, 0, config.idleTimeoutSeconds()))
                    .addLast("aggregate", new RequestSizeAggregator(config.maxBodyBytes()))
                    .addLast("query", new HttpQueryHandler(service, keys, translator, executor, config));
            }
        };
        try {
            serverChannel = new ServerBootstrap().group(group).channel(Transports.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                // a client may send its requests and then close its side: it still gets every answer (HttpQueryHandler)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(init)
                .bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while binding the HTTP API to " + config.host() + ":" + config.port(), e);
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot bind the HTTP API to " + config.host() + ":" + config.port()
                + ": " + e.getMessage() + " (is the port in use? pick another with the http port setting)", e);
        }
        address = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("HTTP API listening on http://{}:{}/v1/ ({})", address.getHostString(), address.getPort(),
            config.describe());
        return address;
    }

    /** The bound port; valid after {@link #start()}. */
    public int port() {
        return address().getPort();
    }

    public synchronized InetSocketAddress address() {
        if (address == null) {
            throw new IllegalStateException("HTTP API not started: call start() first");
        }
        return address;
    }

    public HttpServerConfig config() {
        return config;
    }

    /** Stops accepting, closes every connection (their result streams are closed), stops the threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (channels != null) {
            channels.close().awaitUninterruptibly();
            channels = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }
}
