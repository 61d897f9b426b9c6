package dev.k2.feeds.binance;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.tick.AssetClass;
import dev.k2.feeds.live.FeedContext;
import dev.k2.feeds.live.FeedStats;
import dev.k2.feeds.live.LiveFeed;
import dev.k2.feeds.live.ReconnectBackoff;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance market data over WebSocket into the engine's ring, following Binance's published rules.
 *
 * <pre>
 *  wss://.../stream?streams=btcusdt@trade/...      one event loop thread "k2-binance-feed" owns everything below
 *        │  (SslHandler, JDK provider, for wss)
 *        ▼
 *  BinanceConnection ── ping → pong (same payload, at once; ≤ 5 control frames/s)
 *        │ data frame
 *        ▼
 *  BinanceIngest ── BinanceDecoder ── tryClaim → slot → publish ──▶ ring (dedup absorbs overlaps)
 *        │   FULL → backlog, autoRead off on every connection, retry on the loop
 *        │   malformed → dead-letter sink (raw frame + reason), connection stays up
 *        ▼
 *  GapTracker (per symbol and stream) ── skip not filled within the grace ──▶ REST backfill
 *        GET /api/v3/historicalTrades|aggTrades?symbol=S&amp;fromId=N&amp;limit=1000, paged, same ring
 * </pre>
 *
 * <p>Connection life: a connection lives at most {@code maxConnectionAge} (Binance: 24 h); its
 * replacement opens {@code rotationLead} before that, and also on a {@code serverShutdown} event or
 * when the connection is stale (no data for {@code staleAfter}). Once the replacement delivers data,
 * the old one runs {@code rotationOverlap} longer and closes: both stream the same trades in the
 * overlap and the engine's dedup keeps one of each. A lost connection is reopened with capped
 * exponential back-off and jitter, never more than 300 attempts per 5 minutes.
 */
public final class BinanceFeed implements LiveFeed {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceFeed.class);
    private static final long HOUSEKEEPING_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long HANDSHAKE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long DRAIN_RETRY_NS = TimeUnit.MICROSECONDS.toNanos(200);

    private final BinanceFeedConfig config;
    private final FeedContext context;
    private final FeedCounters counters = new FeedCounters();
    private final SymbolTable symbols;
    private final List<GapTracker> trackerList = new ArrayList<>();
    private final BinanceIngest ingest;
    private final URI streamUri;
    private final SlidingWindowLimiter connectLimiter;
    private final ReconnectBackoff backoff;
    private final List<BinanceConnection> connections = new ArrayList<>();
    private final ArrayDeque<BackfillRequest> backfillQueue = new ArrayDeque<>();
    private EventLoopGroup group;
    private EventLoop loop;
    private Bootstrap bootstrap;
    private SslContext ssl;
    private BinanceRestClient rest;
    private ScheduledFuture<?> housekeeping;
    private boolean connecting;
    private boolean reconnectScheduled;
    private boolean paused;
    private boolean drainScheduled;
    private BackfillRequest backfillInFlight;
    private int connectionNumber;
    private volatile boolean closed;
    private volatile String lastError;

    /**
     * One gap being filled by REST, page by page; or a catch-up probe after a (re)connection, which
     * asks for everything after the highest id seen, since trades missed at the end of a lost
     * connection show no gap until a later trade arrives.
     */
    private static final class BackfillRequest {
        final GapTracker tracker;
        final long from;
        final long to;
        final boolean probe;
        long cursor;
        int failures;

        BackfillRequest(GapTracker tracker, long from, long to, boolean probe) {
            this.tracker = tracker;
            this.from = from;
            this.to = to;
            this.probe = probe;
            this.cursor = from;
        }
    }

    public BinanceFeed(BinanceFeedConfig config, FeedContext context) {
        this.config = config;
        this.context = context;
        this.streamUri = config.streamUri();
        this.symbols = new SymbolTable(config.symbols().size());
        int maxId = 0;
        List<Instrument> instruments = new ArrayList<>();
        for (String symbol : config.symbols()) {
            Instrument instrument = context.registry().intern("BINANCE", symbol, AssetClass.CRYPTO);
            symbols.put(symbol, instrument.id());
            instruments.add(instrument);
            maxId = Math.max(maxId, instrument.id());
        }
        GapTracker[][] trackers = new GapTracker[maxId + 1][4];
        for (Instrument instrument : instruments) {
            for (BinanceStream stream : config.streams()) {
                if (stream.gapFillable()) {
                    GapTracker tracker = new GapTracker(stream, instrument.id(), instrument.symbol(),
                        config.resume().lastId(instrument.id(), stream.channel()));
                    trackers[instrument.id()][stream.channel()] = tracker;
                    trackerList.add(tracker);
                }
            }
        }
        this.ingest = new BinanceIngest(context, symbols, trackers, counters, this::onServerShutdown);
        this.connectLimiter = new SlidingWindowLimiter(config.connectAttempts(), config.connectWindow().toNanos());
        this.backoff = new ReconnectBackoff(config.backoffMin().toNanos(), config.backoffMax().toNanos(), config.seed());
    }

    @Override
    public void start() {
        if (group != null) {
            throw new IllegalStateException("the Binance feed was already started");
        }
        if (config.url().getScheme().equalsIgnoreCase("wss")) {
            try {
                ssl = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).build();
            } catch (SSLException e) {
                throw new IllegalStateException("cannot set up TLS for " + config.url() + ": " + e.getMessage(), e);
            }
        }
        rest = new BinanceRestClient(config.restUrl(), config.apiKey(), config.backfillLimit());
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("k2-binance-feed", true),
            NioIoHandler.newFactory());
        loop = group.next();
        bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        loop.execute(() -> {
            ingest.open();
            housekeeping = loop.scheduleAtFixedRate(this::housekeeping, HOUSEKEEPING_NS, HOUSEKEEPING_NS,
                TimeUnit.NANOSECONDS);
            connect("start");
        });
    }

    @Override
    public FeedStats stats() {
        return counters.stats();
    }

    /** The last connection or backfill error, for a person; null when none. */
    public String lastError() {
        return lastError;
    }

    /** Ids the feed still waits for (pending gaps); a test's "caught up" condition. */
    public long missing() {
        long total = 0;
        for (GapTracker tracker : trackerList) {
            total += tracker.missing();
        }
        return total;
    }

    /** Connections open now (the WebSocket handshake done). */
    public int openConnections() {
        int open = 0;
        for (BinanceConnection connection : List.copyOf(connections)) {
            if (connection.isOpen()) {
                open++;
            }
        }
        return open;
    }

    /** The streams URI this feed subscribes to. */
    public URI streamUri() {
        return streamUri;
    }

    // ---- connections (event loop) ----

    private void connect(String reason) {
        if (closed || connecting) {
            return;
        }
        long now = System.nanoTime();
        long wait = connectLimiter.delayNs(now);
        if (wait > 0) {
            LOG.warn("Binance connection attempts reached " + config.connectAttempts()
                + " per " + config.connectWindow() + "; next attempt in " + TimeUnit.NANOSECONDS.toMillis(wait) + " ms");
            scheduleConnect(reason, wait);
            return;
        }
        connectLimiter.record(now);
        connecting = true;
        int number = ++connectionNumber;
        String host = streamUri.getHost();
        boolean tls = streamUri.getScheme().equalsIgnoreCase("wss");
        int port = streamUri.getPort() > 0 ? streamUri.getPort() : tls ? 443 : 80;
        BinanceConnection connection = new BinanceConnection(number,
            streamUri.getScheme() + "://" + host + ":" + port + "#" + number,
            WebSocketClientHandshakerFactory.newHandshaker(streamUri, WebSocketVersion.V13, null, false,
                new DefaultHttpHeaders(), 1 << 20),
            new Listener(), System::nanoTime, config.controlPerSecond());
        connections.add(connection);
        LOG.debug("connecting to " + streamUri + " (" + reason + ")");
        ChannelFuture future = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                ChannelPipeline pipeline = channel.pipeline();
                if (ssl != null) {
                    SslHandler handler = ssl.newHandler(channel.alloc(), host, port);
                    SSLEngine engine = handler.engine();
                    SSLParameters parameters = engine.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    engine.setSSLParameters(parameters);
                    pipeline.addLast("tls", handler);
                }
                pipeline.addLast("http", new HttpClientCodec());
                pipeline.addLast("http-aggregator", new HttpObjectAggregator(64 * 1024));
                pipeline.addLast("binance", connection);
                if (paused) {
                    channel.config().setAutoRead(false);
                }
            }
        }).connect(host, port);
        future.addListener(f -> {
            if (!f.isSuccess()) {
                failed(connection, "cannot connect to " + host + ":" + port + ": " + f.cause().getMessage());
            }
        });
    }

    private void scheduleConnect(String reason, long delayNs) {
        if (closed || reconnectScheduled) {
            return;
        }
        reconnectScheduled = true;
        loop.schedule(() -> {
            reconnectScheduled = false;
            connect(reason);
        }, delayNs, TimeUnit.NANOSECONDS);
    }

    private void failed(BinanceConnection connection, String why) {
        lastError = why;
        FeedCounters.increment(counters.connectFailures);
        LOG.warn(why);
        if (connections.remove(connection) || connecting) {
            connecting = false;
            reconnectAfterBackoff("connect failed");
        }
    }

    private void reconnectAfterBackoff(String reason) {
        if (closed) {
            return;
        }
        scheduleConnect(reason, backoff.nextDelayNs());
    }

    private final class Listener implements BinanceConnection.Listener {
        @Override
        public void onOpen(BinanceConnection connection) {
            connecting = false;
            FeedCounters.increment(counters.connects);
            LOG.info("connected to " + streamUri + " (connection " + connection.number() + ")");
            if (closed) {
                connection.close();
                return;
            }
            for (GapTracker tracker : trackerList) {
                if (tracker.highest() >= 0) {
                    backfillQueue.add(new BackfillRequest(tracker, tracker.highest() + 1, Long.MAX_VALUE, true));
                }
            }
            nextBackfill();
        }

        @Override
        public void onData(BinanceConnection connection, ByteBuf payload) {
            if (connection.frames() == 1) {
                becameLive(connection);
            }
            if (!ingest.offer(connection, payload)) {
                pause();
            }
        }

        @Override
        public void onClosed(BinanceConnection connection) {
            boolean wasHandshaking = connection.openedNs() < 0;
            connections.remove(connection);
            if (wasHandshaking && connecting) {
                connecting = false;
                FeedCounters.increment(counters.connectFailures);
            }
            if (closed) {
                return;
            }
            LOG.info("connection " + connection.number() + " closed after "
                + connection.frames() + " frames");
            if (!hasUsableConnection() && !connecting) {
                reconnectAfterBackoff("connection lost");
            }
        }

        @Override
        public void onError(BinanceConnection connection, Throwable cause) {
            lastError = "connection " + connection.number() + ": " + cause;
            LOG.warn(lastError);
        }
    }

    /** An open connection that is not being replaced. */
    private boolean hasUsableConnection() {
        for (BinanceConnection connection : connections) {
            if (connection.isOpen() && !connection.retiring()) {
                return true;
            }
        }
        return false;
    }

    private void becameLive(BinanceConnection connection) {
        backoff.reset();
        for (BinanceConnection other : connections) {
            if (other != connection && other.createdNs() < connection.createdNs()) {
                other.retire();
                loop.schedule(other::close, config.rotationOverlap().toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    private void onServerShutdown(BinanceConnection connection) {
        FeedCounters.increment(counters.serverShutdowns);
        LOG.info("serverShutdown on connection " + connection.number() + ": opening its replacement");
        replace(connection);
    }

    /** Opens a replacement for {@code connection}, which keeps streaming until the replacement is live. */
    private void replace(BinanceConnection connection) {
        if (connection.retiring()) {
            return;
        }
        connection.retire();
        connect("replacement for connection " + connection.number());
    }

    private void housekeeping() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        long maxAge = config.maxConnectionAge().toNanos();
        long lead = config.rotationLead().toNanos();
        for (BinanceConnection connection : List.copyOf(connections)) {
            if (connection.openedNs() < 0) {
                if (now - connection.createdNs() > HANDSHAKE_TIMEOUT_NS) {
                    lastError = "connection " + connection.number() + ": no WebSocket handshake within 10 s";
                    connection.close();
                }
                continue;
            }
            long age = now - connection.openedNs();
            if (age >= maxAge) {
                connection.close();
            } else if (age >= maxAge - lead) {
                replace(connection);
            }
            if (now - connection.lastDataNs() > config.staleAfter().toNanos() && connection.isOpen()) {
                FeedCounters.increment(counters.staleConnections);
                lastError = "connection " + connection.number() + ": no data for " + config.staleAfter();
                LOG.warn(lastError + "; reconnecting");
                connection.retire();
                connection.close();
            }
        }
        if (connections.isEmpty() && !connecting) {
            reconnectAfterBackoff("no connection");
        }
        long grace = config.gapGrace().toNanos();
        for (GapTracker tracker : trackerList) {
            for (GapTracker.Gap gap : tracker.gaps()) {
                if (!gap.requested && now - gap.openedNs >= grace) {
                    gap.requested = true;
                    backfillQueue.add(new BackfillRequest(tracker, gap.from, gap.to, false));
                }
            }
        }
        nextBackfill();
    }

    // ---- back-pressure (event loop) ----

    private void pause() {
        if (!paused) {
            paused = true;
            FeedCounters.increment(counters.backPressurePauses);
            for (BinanceConnection connection : connections) {
                connection.setAutoRead(false);
            }
        }
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (!drainScheduled && !closed) {
            drainScheduled = true;
            loop.schedule(this::drain, DRAIN_RETRY_NS, TimeUnit.NANOSECONDS);
        }
    }

    private void drain() {
        drainScheduled = false;
        if (closed) {
            return;
        }
        if (!ingest.drain()) {
            scheduleDrain();
            return;
        }
        if (paused) {
            paused = false;
            for (BinanceConnection connection : connections) {
                connection.setAutoRead(true);
            }
        }
    }

    // ---- gap backfill over REST (event loop; the HTTP client's threads only parse) ----

    private void nextBackfill() {
        if (backfillInFlight != null || backfillQueue.isEmpty() || closed) {
            return;
        }
        backfillInFlight = backfillQueue.poll();
        requestPage(backfillInFlight);
    }

    private void requestPage(BackfillRequest request) {
        GapTracker tracker = request.tracker;
        rest.page(tracker.stream(), tracker.symbol(), request.cursor).whenComplete((trades, error) -> {
            try {
                loop.execute(() -> onPage(request, trades, error));
            } catch (RejectedExecutionException shutDown) {
                lastError = "backfill reply for " + tracker.symbol() + " arrived after close";
            }
        });
    }

    private void onPage(BackfillRequest request, List<BackfillTrade> trades, Throwable error) {
        if (closed) {
            return;
        }
        GapTracker tracker = request.tracker;
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            FeedCounters.increment(counters.backfillErrors);
            lastError = "backfill of " + tracker.symbol() + " " + tracker.stream().wireName() + " from id "
                + request.cursor + ": " + cause.getMessage();
            LOG.warn(lastError);
            long delayNs;
            if (cause instanceof BinanceRestClient.RateLimited limited) {
                delayNs = limited.retryAfter.toNanos();
            } else if (++request.failures < config.backfillAttempts()) {
                delayNs = TimeUnit.MILLISECONDS.toNanos(250L << Math.min(request.failures, 6));
            } else {
                finish(request);
                return;
            }
            loop.schedule(() -> {
                if (!closed) {
                    requestPage(request);
                }
            }, delayNs, TimeUnit.NANOSECONDS);
            return;
        }
        List<BackfillTrade> wanted = new ArrayList<>();
        long lastId = -1;
        for (BackfillTrade trade : trades) {
            lastId = Math.max(lastId, trade.id());
            boolean take = request.probe ? trade.id() > tracker.highest() || isMissing(tracker, trade.id())
                : isMissing(tracker, trade.id());
            if (trade.id() >= request.cursor && trade.id() <= request.to && take) {
                wanted.add(trade);
            }
        }
        boolean more = trades.size() >= config.backfillLimit() && lastId >= request.cursor && lastId < request.to;
        if (request.probe && !wanted.isEmpty()) {
            LOG.info("catch-up after connecting: " + wanted.size() + " " + tracker.symbol()
                + " " + tracker.stream().wireName() + " trades missed while disconnected");
        }
        long next = lastId + 1;
        BinanceIngest.BackfillBatch batch = new BinanceIngest.BackfillBatch(tracker, wanted, () -> {
            if (more) {
                request.cursor = next;
                requestPage(request);
            } else {
                finish(request);
            }
        });
        if (!ingest.offer(batch)) {
            pause();
        }
    }

    private static boolean isMissing(GapTracker tracker, long id) {
        for (GapTracker.Gap gap : tracker.gaps()) {
            if (id >= gap.from && id <= gap.to) {
                return true;
            }
        }
        return false;
    }

    /** Gives up what REST did not return in the request's range: those stay journaled gaps. */
    private void finish(BackfillRequest request) {
        if (request.probe) {
            backfillInFlight = null;
            nextBackfill();
            return;
        }
        Iterator<GapTracker.Gap> gaps = request.tracker.gaps().iterator();
        while (gaps.hasNext()) {
            GapTracker.Gap gap = gaps.next();
            if (gap.requested && gap.from >= request.from && gap.to <= request.to) {
                gaps.remove();
                FeedCounters.increment(counters.gapsUnfilled);
                lastError = "gap " + gap.from + ".." + gap.to + " in " + request.tracker.symbol() + " "
                    + request.tracker.stream().wireName() + " could not be filled from " + config.restUrl()
                    + "; it stays a journaled gap";
                LOG.warn(lastError);
            }
        }
        backfillInFlight = null;
        nextBackfill();
    }

    // ---- close ----

    /**
     * Closes every connection, publishes what the backlog still holds (the engine is still running),
     * closes the dead-letter sink on the event loop and stops the loop: when this returns, no feed
     * thread will publish again.
     */
    @Override
    public void close() {
        if (closed || group == null) {
            closed = true;
            return;
        }
        closed = true;
        try {
            loop.submit(() -> {
                if (housekeeping != null) {
                    housekeeping.cancel(false);
                }
                for (BinanceConnection connection : List.copyOf(connections)) {
                    connection.setAutoRead(false);
                    connection.close();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!ingest.drain() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                int dropped = ingest.discardBacklog();
                if (dropped > 0) {
                    lastError = dropped + " frames were still waiting for ring space after 10 s at close";
                    LOG.error(lastError);
                }
                ingest.closeSink();
            }).syncUninterruptibly();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            rest.close();
        }
    }

    @Override
    public String toString() {
        return "BinanceFeed{" + streamUri + ", rest " + config.restUrl() + ", streams "
            + config.streams().stream().map(s -> s.wireName().toLowerCase(Locale.ROOT)).toList() + "}";
    }
}
