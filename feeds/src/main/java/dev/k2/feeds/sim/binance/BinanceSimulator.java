package dev.k2.feeds.sim.binance;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A local Binance on 127.0.0.1: WebSocket market streams ({@code /stream?streams=a/b} combined,
 * {@code /ws/<stream>} raw) with Binance's payloads, ping/pong (a client that does not pong in time
 * is dropped) and the {@code serverShutdown} event; and the REST history endpoints
 * {@code /api/v3/historicalTrades} and {@code /api/v3/aggTrades}. Trades are a random walk on
 * realistic tick and lot sizes, a function of the seed; they start when the first client
 * subscribes, so a client sees every trade from the first. Faults are injected on demand
 * ({@link SimFault}). Everything runs on one event loop thread, "k2-binance-sim".
 */
public final class BinanceSimulator implements AutoCloseable {
    private static final long GENERATE_EVERY_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final BinanceSimConfig config;
    private final Map<String, SimSymbol> symbols = new LinkedHashMap<>();
    private final List<SimSymbol> symbolList = new ArrayList<>();
    private final SplittableRandom random;
    private final Map<Long, List<SimFault.Kind>> faults = new HashMap<>();
    private final List<SimSession> sessions = new ArrayList<>();
    private final Map<SimSymbol, Integer> heldForReorder = new HashMap<>();
    private final StringBuilder text = new StringBuilder(256);
    private EventLoopGroup group;
    private EventLoop loop;
    private Channel server;
    private int port;
    private long startedNs = -1;
    private long generated;
    private boolean generating;
    private long malformedSent;
    private long framesSent;
    private long connections;
    private long droppedNoPong;
    private long restRequests;
    private long pingCounter;
    private volatile boolean finished;

    public BinanceSimulator(BinanceSimConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        for (String symbol : config.symbols()) {
            SimSymbol s = SimSymbol.of(symbol);
            symbols.put(symbol, s);
            symbolList.add(s);
        }
        for (SimFault fault : config.faults()) {
            faults.computeIfAbsent(fault.at(), k -> new ArrayList<>()).add(fault.kind());
        }
    }

    /** Binds 127.0.0.1 and starts serving. @return the port */
    public int start() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("k2-binance-sim", true), NioIoHandler.newFactory());
        loop = group.next();
        server = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), new Router());
                }
            }).bind(new InetSocketAddress("127.0.0.1", config.port())).sync().channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
        long pingNs = config.pingInterval().toNanos();
        loop.scheduleAtFixedRate(this::pingAll, pingNs, pingNs, TimeUnit.NANOSECONDS);
        return port;
    }

    public int port() {
        return port;
    }

    /** True once generation stopped (count reached or duration over). */
    public boolean finished() {
        return finished;
    }

    /** What it produced so far (read on its event loop). */
    public SimSummary summary() {
        try {
            return loop.submit(this::summaryNow).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("simulator summary failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the simulator summary", e);
        }
    }

    private SimSummary summaryNow() {
        Map<String, SimSummary.SymbolSummary> bySymbol = new LinkedHashMap<>();
        for (SimSymbol s : symbolList) {
            int n = s.count();
            bySymbol.put(s.symbol, new SimSummary.SymbolSummary(n == 0 ? -1 : s.tradeId(0), n == 0 ? -1 : s.tradeId(n - 1), n));
        }
        return new SimSummary(bySymbol, generated, malformedSent, framesSent, connections, droppedNoPong, restRequests);
    }

    @Override
    public void close() {
        finished = true;
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    // ---- trades ----

    private void startGenerating() {
        if (generating || finished) {
            return;
        }
        generating = true;
        startedNs = System.nanoTime();
        loop.scheduleAtFixedRate(this::generate, 0, GENERATE_EVERY_NS, TimeUnit.NANOSECONDS);
    }

    private void generate() {
        if (finished) {
            return;
        }
        long now = System.nanoTime();
        long elapsed = now - startedNs;
        if (config.duration() != null && elapsed >= config.duration().toNanos()) {
            stopGenerating();
            return;
        }
        long due = (long) (elapsed / 1e9 * config.rate()) + 1 - generated;
        due = Math.min(due, Math.max(1, config.rate() / 100));
        for (long i = 0; i < due; i++) {
            if (config.count() > 0 && generated >= config.count()) {
                stopGenerating();
                break;
            }
            trade();
        }
        for (SimSession session : sessions) {
            session.channel.flush();
        }
    }

    private void stopGenerating() {
        for (Map.Entry<SimSymbol, Integer> held : heldForReorder.entrySet()) {
            sendTrade(held.getKey(), held.getValue());
        }
        heldForReorder.clear();
        for (SimSession session : sessions) {
            session.channel.flush();
        }
        finished = true;
    }

    private void trade() {
        long n = ++generated;
        SimSymbol s = symbolList.get(random.nextInt(symbolList.size()));
        long nowMs = System.currentTimeMillis();
        int index = s.nextTrade(random, nowMs);
        long bidSize = s.lotSize * (1 + random.nextInt(500));
        long askSize = s.lotSize * (1 + random.nextInt(500));
        List<SimFault.Kind> kinds = faults.getOrDefault(n, List.of());
        Integer held = heldForReorder.remove(s);
        if (kinds.contains(SimFault.Kind.REORDER)) {
            heldForReorder.put(s, index);
        } else if (!kinds.contains(SimFault.Kind.SKIP)) {
            sendTrade(s, index);
            if (kinds.contains(SimFault.Kind.REPEAT)) {
                sendTrade(s, index);
            }
        }
        if (held != null) {
            sendTrade(s, held);
        }
        text.setLength(0);
        SimMessages.bookTicker(text, s, bidSize, askSize);
        send(s.lower + "@bookTicker", text);
        for (SimFault.Kind kind : kinds) {
            fault(kind);
        }
    }

    private void sendTrade(SimSymbol s, int index) {
        long eventMs = System.currentTimeMillis();
        text.setLength(0);
        SimMessages.trade(text, s, index, eventMs);
        send(s.lower + "@trade", text);
        text.setLength(0);
        SimMessages.aggTrade(text, s, index, eventMs);
        send(s.lower + "@aggTrade", text);
    }

    /** Sends a payload to every session subscribed to {@code stream}, wrapped for combined sessions. */
    private void send(String stream, CharSequence payload) {
        ByteBuf raw = null;
        ByteBuf wrapped = null;
        for (SimSession session : sessions) {
            if (!session.streams.contains(stream)) {
                continue;
            }
            ByteBuf buf;
            if (session.combined) {
                if (wrapped == null) {
                    wrapped = Unpooled.copiedBuffer("{\"stream\":\"" + stream + "\",\"data\":" + payload + "}", StandardCharsets.UTF_8);
                }
                buf = wrapped;
            } else {
                if (raw == null) {
                    raw = Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8);
                }
                buf = raw;
            }
            if (session.send(buf)) {
                framesSent++;
            }
        }
        if (raw != null) {
            raw.release();
        }
        if (wrapped != null) {
            wrapped.release();
        }
    }

    private void fault(SimFault.Kind kind) {
        List<SimSession> current = List.copyOf(sessions);
        switch (kind) {
            case DROP -> current.forEach(s -> s.channel.close());
            case MALFORMED -> {
                String frame = SimMessages.MALFORMED[(int) (malformedSent % SimMessages.MALFORMED.length)];
                ByteBuf buf = Unpooled.copiedBuffer(frame, StandardCharsets.UTF_8);
                for (SimSession session : current) {
                    if (session.send(buf)) {
                        malformedSent++;
                        framesSent++;
                    }
                }
                buf.release();
            }
            case STALL -> current.forEach(s -> s.stalled = true);
            case NO_PING -> current.forEach(s -> s.noPing = true);
            case NO_PONG -> current.forEach(s -> s.ignorePongs = true);
            case SHUTDOWN -> {
                ByteBuf buf = Unpooled.copiedBuffer(SimMessages.serverShutdown(System.currentTimeMillis()), StandardCharsets.UTF_8);
                for (SimSession session : current) {
                    session.send(buf);
                    session.channel.flush();
                    loop.schedule(() -> {
                        session.channel.close();
                    }, config.shutdownGrace().toNanos(), TimeUnit.NANOSECONDS);
                }
                buf.release();
            }
            default -> {
                // SKIP, REPEAT and REORDER act on the trade itself (see trade())
            }
        }
    }

    // ---- ping / pong ----

    private void pingAll() {
        long now = System.nanoTime();
        long timeout = config.pongTimeout().toNanos();
        for (SimSession session : List.copyOf(sessions)) {
            if (session.pingSentNs >= 0 && now - session.pingSentNs > timeout) {
                droppedNoPong++;
                session.channel.close();
            } else {
                session.ping(++pingCounter, now);
            }
        }
    }

    void sessionClosed(SimSession session) {
        sessions.remove(session);
    }

    // ---- HTTP: WebSocket upgrade or REST ----

    private final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            QueryStringDecoder query = new QueryStringDecoder(request.uri());
            String path = query.path();
            boolean upgrade = request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
            if (upgrade && (path.equals("/stream") || path.startsWith("/ws/"))) {
                upgrade(ctx, request, query, path);
            } else if (request.method() == HttpMethod.GET && path.equals("/api/v3/historicalTrades")) {
                rest(ctx, request, query, false);
            } else if (request.method() == HttpMethod.GET && path.equals("/api/v3/aggTrades")) {
                rest(ctx, request, query, true);
            } else if (request.method() == HttpMethod.GET && path.equals("/api/v3/ping")) {
                respond(ctx, request, HttpResponseStatus.OK, "{}");
            } else {
                respond(ctx, request, HttpResponseStatus.NOT_FOUND, "{\"code\":-1000,\"msg\":\"Unknown path " + path + "\"}");
            }
        }

        private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder query, String path) {
            Set<String> streams = new LinkedHashSet<>();
            boolean combined = path.equals("/stream");
            if (combined) {
                List<String> param = query.parameters().get("streams");
                if (param != null) {
                    for (String value : param) {
                        for (String s : value.split("/")) {
                            if (!s.isEmpty()) {
                                streams.add(s);
                            }
                        }
                    }
                }
            } else {
                streams.add(path.substring("/ws/".length()));
            }
            if (streams.isEmpty()) {
                respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "{\"code\":-1100,\"msg\":\"No streams given\"}");
                return;
            }
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "ws://127.0.0.1:" + port + request.uri(), null, false, 1 << 20).newHandshaker(request);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                return;
            }
            SimSession session = new SimSession(BinanceSimulator.this, ctx.channel(), streams, combined);
            handshaker.handshake(ctx.channel(), request).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    ctx.pipeline().replace(this, "session", session);
                    sessions.add(session);
                    connections++;
                    startGenerating();
                } else {
                    ctx.close();
                }
            });
        }

        private void rest(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder query, boolean aggregate) {
            restRequests++;
            String symbol = first(query, "symbol");
            SimSymbol s = symbol == null ? null : symbols.get(symbol);
            if (s == null) {
                respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
                return;
            }
            int limit;
            long fromId;
            try {
                String l = first(query, "limit");
                limit = l == null ? 500 : Integer.parseInt(l);
                String f = first(query, "fromId");
                fromId = f == null ? -1 : Long.parseLong(f);
            } catch (NumberFormatException e) {
                respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "{\"code\":-1100,\"msg\":\"Illegal characters found in a parameter.\"}");
                return;
            }
            if (limit < 1 || limit > 1000) {
                respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "{\"code\":-1100,\"msg\":\"limit must be 1..1000.\"}");
                return;
            }
            int from = fromId < 0 ? Math.max(0, s.count() - limit) : s.indexOf(fromId, aggregate);
            int to = Math.min(s.count(), from + limit);
            StringBuilder out = new StringBuilder(64 + 160 * (to - from)).append('[');
            for (int i = from; i < to; i++) {
                if (i > from) {
                    out.append(',');
                }
                if (aggregate) {
                    SimMessages.restAggTrade(out, s, i);
                } else {
                    SimMessages.restTrade(out, s, i);
                }
            }
            respond(ctx, request, HttpResponseStatus.OK, out.append(']').toString());
        }

        private static String first(QueryStringDecoder query, String name) {
            List<String> values = query.parameters().get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json;charset=UTF-8");
            HttpUtil.setContentLength(response, response.content().readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            if (keepAlive) {
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
