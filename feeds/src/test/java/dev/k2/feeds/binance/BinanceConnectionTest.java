package dev.k2.feeds.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.journal.RejectReason;
import dev.k2.engine.stats.Counter;
import dev.k2.feeds.live.FeedContext;
import dev.k2.feeds.support.EngineHarness;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connection handler on an {@link EmbeddedChannel}: no sockets, no threads, a manual clock. */
@Timeout(30)
class BinanceConnectionTest {
    private static final String TRADE = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1768898469632,"
        + "\"s\":\"BTCUSDT\",\"t\":%d,\"p\":\"90792.03000000\",\"q\":\"0.00458000\",\"T\":1768898469631,"
        + "\"m\":true,\"M\":true}}";

    private final long[] now = {1_000_000_000L};
    private final List<String> events = new ArrayList<>();

    private final class Recorder implements BinanceConnection.Listener {
        private final BinanceIngest ingest;

        Recorder(BinanceIngest ingest) {
            this.ingest = ingest;
        }

        @Override
        public void onOpen(BinanceConnection connection) {
            events.add("open");
        }

        @Override
        public void onData(BinanceConnection connection, ByteBuf payload) {
            if (ingest == null) {
                events.add("data " + payload.toString(StandardCharsets.UTF_8));
            } else {
                ingest.offer(connection, payload);
            }
        }

        @Override
        public void onClosed(BinanceConnection connection) {
            events.add("closed");
        }

        @Override
        public void onError(BinanceConnection connection, Throwable cause) {
            events.add("error " + cause);
        }
    }

    private EmbeddedChannel channel(BinanceConnection.Listener listener) {
        return new EmbeddedChannel(new BinanceConnection(1, "test#1", null, listener, () -> now[0], 5));
    }

    @Test
    void answersEachPingAtOnceWithAPongCarryingTheSamePayload() {
        EmbeddedChannel channel = channel(new Recorder(null));
        channel.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII)));
        PongWebSocketFrame pong = channel.readOutbound();
        assertThat(pong).isNotNull();
        assertThat(pong.content().toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
        pong.release();
        assertThat(channel.isActive()).isTrue();
        assertThat(events).containsExactly("open");
        channel.finishAndReleaseAll();
    }

    @Test
    void sendsAtMostFiveControlFramesPerSecondAndDelaysTheRest() {
        EmbeddedChannel channel = channel(new Recorder(null));
        for (int i = 0; i < 7; i++) {
            channel.writeInbound(new PingWebSocketFrame(Unpooled.buffer(8).writeLong(i)));
        }
        List<Long> payloads = new ArrayList<>();
        PongWebSocketFrame pong;
        while ((pong = channel.readOutbound()) != null) {
            payloads.add(pong.content().getLong(0));
            pong.release();
        }
        assertThat(payloads).containsExactly(0L, 1L, 2L, 3L, 4L);

        now[0] += TimeUnit.SECONDS.toNanos(1);
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        while ((pong = channel.readOutbound()) != null) {
            payloads.add(pong.content().getLong(0));
            pong.release();
        }
        assertThat(payloads).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        channel.finishAndReleaseAll();
    }

    @Test
    void deadLettersAMalformedFrameWithItsRawBytesAndKeepsTheConnection() {
        try (EngineHarness engine = new EngineHarness()) {
            SymbolTable symbols = new SymbolTable(1);
            int id = engine.registry().intern("BINANCE", "BTCUSDT", dev.k2.engine.tick.AssetClass.CRYPTO).id();
            symbols.put("BTCUSDT", id);
            FeedContext context = new FeedContext(engine.registry(), engine.ingress(), engine::deadLetters,
                engine.counters(), engine.clock());
            FeedCounters counters = new FeedCounters();
            BinanceIngest ingest = new BinanceIngest(context, symbols, new GapTracker[id + 1][4], counters,
                connection -> events.add("shutdown"));
            ingest.open();
            EmbeddedChannel channel = channel(new Recorder(ingest));

            channel.writeInbound(new TextWebSocketFrame(String.format(TRADE, 1)));
            String bad = String.format(TRADE, 2).replace("\"0.00458000\"", "\"0\"");
            channel.writeInbound(new TextWebSocketFrame(bad));
            channel.writeInbound(new TextWebSocketFrame("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":"));
            channel.writeInbound(new TextWebSocketFrame(String.format(TRADE, 2)));
            channel.writeInbound(new TextWebSocketFrame("{\"event\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}"));
            engine.drain();

            assertThat(channel.isActive()).isTrue();
            assertThat(engine.count(Counter.ACCEPTED)).isEqualTo(2);
            assertThat(engine.count(Counter.DEAD_LETTERS)).isEqualTo(2);
            assertThat(engine.count(Counter.READ)).isEqualTo(5);
            assertThat(counters.stats().malformed()).isEqualTo(2);
            assertThat(engine.deadLetters().rejections()).hasSize(2);
            assertThat(engine.deadLetters().rejections().get(0).raw()).isEqualTo(bad);
            assertThat(engine.deadLetters().rejections().get(0).reason()).isEqualTo(RejectReason.BAD_VALUE);
            assertThat(engine.deadLetters().rejections().get(0).source()).isEqualTo("test#1");
            assertThat(engine.deadLetters().rejections().get(0).position()).isEqualTo(2);
            assertThat(engine.deadLetters().rejections().get(1).reason()).isEqualTo(RejectReason.MALFORMED_LINE);
            assertThat(events).containsExactly("open", "shutdown");
            channel.finishAndReleaseAll();
        }
    }
}
