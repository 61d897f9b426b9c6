package dev.k2.feeds.binary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.dedup.StreamTable;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.journal.JournalSink;
import dev.k2.engine.journal.RejectReason;
import dev.k2.engine.ring.EngineSettings;
import dev.k2.engine.ring.ThreadingMode;
import dev.k2.engine.ring.TickPipeline;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.tick.Scaled;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.Side;
import dev.k2.engine.time.EpochClock;
import dev.k2.feeds.live.FeedContext;
import dev.k2.feeds.support.Allocations;
import dev.k2.feeds.support.EngineHarness;
import dev.k2.feeds.support.RecordedTick;
import dev.k2.feeds.support.RecordingDeadLetters;
import dev.k2.feeds.support.RecordingJournal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's decoding, gap and back-pressure logic on Netty's EmbeddedChannel: no sockets, no threads of its own. */
@Timeout(30)
class BinaryConnectionHandlerTest {
    private final List<BinaryConnectionHandler.Role> loggedOn = new ArrayList<>();
    private int connectRequests;

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    private static final BinaryConnectionHandler.Events NO_EVENTS = new BinaryConnectionHandler.Events() {
        @Override
        public void active(BinaryConnectionHandler.Role role, Channel channel) {
        }

        @Override
        public void inactive(BinaryConnectionHandler.Role role, Channel channel) {
        }

        @Override
        public void failed(BinaryConnectionHandler.Role role, Throwable cause) {
            throw new AssertionError("connection failed", cause);
        }
    };

    private BinaryFeedSession session(FeedContext context) {
        BinaryFeedSession session = new BinaryFeedSession(context, new RetransmitRequester(() -> connectRequests++));
        session.links((role, channel) -> {
            loggedOn.add(role);
            if (role == BinaryConnectionHandler.Role.RETRANSMIT) {
                session.requester().linkUp(channel);
            }
        });
        session.open();
        return session;
    }

    private static FeedContext context(EngineHarness engine) {
        return new FeedContext(engine.registry(), engine.ingress(), engine::deadLetters, engine.counters(), engine.clock());
    }

    private static EmbeddedChannel connection(BinaryFeedSession session, BinaryConnectionHandler.Role role) {
        EmbeddedChannel channel = new EmbeddedChannel(new BinaryConnectionHandler(session, role, NO_EVENTS, 10_000));
        ByteBuf logon = channel.readOutbound();
        assertThat(BinaryProtocol.type(logon, 0)).isEqualTo(BinaryProtocol.LOGON);
        logon.release();
        return channel;
    }

    private static ByteBuf logonAndDefinitions() {
        ByteBuf buf = Unpooled.buffer();
        BinaryProtocol.writeLogonAccepted(buf, 7, 2, 2, "TESTX");
        BinaryProtocol.writeInstrumentDefinition(buf, 1, 1, 1, "AAA");
        BinaryProtocol.writeInstrumentDefinition(buf, 2, 2, 1, "BBB");
        return buf;
    }

    private static void tick(ByteBuf out, int channel, long channelSeq, int instrument, long instrumentSeq) {
        new TickFlyweight().appendTo(out).channel(channel).side(1).channelSeq(channelSeq).instrumentSeq(instrumentSeq)
            .instrumentId(instrument).exchangeTimeNs(1_000 + channelSeq).price(Scaled.ofLong(10) + channelSeq)
            .quantity(Scaled.ofLong(100)).tradeId(500 + instrumentSeq);
    }

    @Test
    void ticksSplitAcrossReadsAreDecodedIntoRingSlotsWithEveryField() {
        try (EngineHarness engine = new EngineHarness()) {
            BinaryFeedSession session = session(context(engine));
            EmbeddedChannel channel = connection(session, BinaryConnectionHandler.Role.LIVE);
            ByteBuf all = logonAndDefinitions();
            BinaryProtocol.writeHeartbeat(all, 1, 1);
            for (int i = 1; i <= 100; i++) {
                tick(all, 1 + (i & 1), (i + 1) / 2, 1 + (i & 1), (i + 1) / 2);
            }
            while (all.isReadable()) {
                channel.writeInbound(all.readRetainedSlice(Math.min(7, all.readableBytes())));
            }
            all.release();
            assertThat(channel.isActive()).isTrue();
            engine.drain();

            assertThat(loggedOn).containsExactly(BinaryConnectionHandler.Role.LIVE);
            assertThat(engine.journal().ticks()).hasSize(100);
            RecordedTick first = engine.journal().ticks().getFirst();
            int bbb = engine.registry().bySymbol("TESTX", "BBB").id();
            assertThat(first.instrumentId()).isEqualTo(bbb);
            assertThat(first.channel()).isEqualTo(2);
            assertThat(first.sequencePolicy()).isEqualTo(SequencePolicy.SESSION);
            assertThat(first.sourceSeq()).isEqualTo(1);
            assertThat(first.tradeId()).isEqualTo(501);
            assertThat(first.side()).isEqualTo(Side.BUY);
            assertThat(first.exchangeTimeNs()).isEqualTo(1_001);
            assertThat(first.price()).isEqualTo(Scaled.ofLong(10) + 1);
            assertThat(first.quantity()).isEqualTo(Scaled.ofLong(100));
            assertThat(engine.count(Counter.ACCEPTED)).isEqualTo(100);
            assertThat(engine.count(Counter.GAPS)).isZero();
            assertThat(session.stats().messages()).isEqualTo(100);
            assertThat(connectRequests).as("no gap, so no re-request").isZero();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void malformedFramesAreDeadLetteredWithTheirBytesAndTheConnectionStaysUp() {
        try (EngineHarness engine = new EngineHarness()) {
            BinaryFeedSession session = session(context(engine));
            EmbeddedChannel channel = connection(session, BinaryConnectionHandler.Role.LIVE);
            channel.writeInbound(logonAndDefinitions());
            ByteBuf bad = Unpooled.buffer();
            bad.writeShortLE(14).writeByte('Z').writeByte(1).writeZero(12);
            new TickFlyweight().appendTo(bad).channel(1).side(9).channelSeq(1).instrumentSeq(1).instrumentId(1).quantity(1);
            new TickFlyweight().appendTo(bad).channel(1).side(1).channelSeq(1).instrumentSeq(1).instrumentId(77).quantity(1);
            bad.writeShortLE(18).writeByte('H').writeByte(1).writeZero(16);
            tick(bad, 1, 1, 1, 1);
            channel.writeInbound(bad);
            assertThat(channel.isActive()).isTrue();
            engine.drain();

            List<RecordingDeadLetters.Rejection> rejections = engine.deadLetters().rejections();
            assertThat(rejections).extracting(RecordingDeadLetters.Rejection::reason).containsExactly(
                RejectReason.MALFORMED_LINE, RejectReason.BAD_VALUE, RejectReason.UNKNOWN_INSTRUMENT,
                RejectReason.MALFORMED_LINE);
            assertThat(rejections.get(0).message()).contains("unknown message type 90");
            assertThat(rejections.get(0).raw()).hasSize(16).startsWith("\u000e\u0000Z\u0001");
            assertThat(rejections.get(1).message()).contains("side 9");
            assertThat(rejections.get(2).message()).contains("instrument 77");
            assertThat(rejections.get(3).message()).contains("must be 16 bytes, was 20");
            assertThat(rejections).extracting(RecordingDeadLetters.Rejection::position).containsExactly(4L, 5L, 6L, 7L);
            assertThat(rejections.get(0).source()).startsWith("binary live tcp:/");
            assertThat(engine.count(Counter.DEAD_LETTERS)).isEqualTo(4);
            assertThat(engine.count(Counter.READ)).isEqualTo(5);
            assertThat(engine.count(Counter.ACCEPTED)).isEqualTo(1);
            assertThat(session.stats().malformed()).isEqualTo(4);
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aLengthPrefixThatBreaksTheFramingIsDeadLetteredAndClosesTheConnection() {
        try (EngineHarness engine = new EngineHarness()) {
            BinaryFeedSession session = session(context(engine));
            EmbeddedChannel channel = connection(session, BinaryConnectionHandler.Role.LIVE);
            ByteBuf in = logonAndDefinitions();
            in.writeShortLE(0xFFFF).writeByte('T').writeByte(1).writeZero(100);
            channel.writeInbound(in);
            assertThat(channel.isActive()).isFalse();
            engine.drain();
            assertThat(engine.deadLetters().rejections()).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_LINE);
                assertThat(r.message()).contains("frame length 65535").contains("reconnects");
                assertThat(r.raw()).hasSize(64);
            });
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aSkippedChannelSequenceIsReRequestedAndTheRetransmittedTicksAreBackfilled() {
        try (EngineHarness engine = new EngineHarness()) {
            BinaryFeedSession session = session(context(engine));
            EmbeddedChannel live = connection(session, BinaryConnectionHandler.Role.LIVE);
            ByteBuf in = logonAndDefinitions();
            tick(in, 1, 1, 1, 1);
            tick(in, 1, 4, 1, 4);
            live.writeInbound(in);
            assertThat(connectRequests).as("the gap asks for a retransmission link").isEqualTo(1);

            EmbeddedChannel retransmit = connection(session, BinaryConnectionHandler.Role.RETRANSMIT);
            retransmit.writeInbound(logonAndDefinitions());
            ByteBuf request = retransmit.readOutbound();
            assertThat(BinaryProtocol.type(request, 0)).isEqualTo(BinaryProtocol.RETRANSMIT_REQUEST);
            assertThat(BinaryProtocol.channel(request, 0)).isEqualTo(1);
            assertThat(BinaryProtocol.retransmitFromSeq(request, 0)).isEqualTo(2);
            assertThat(BinaryProtocol.retransmitCount(request, 0)).isEqualTo(2);
            request.release();

            ByteBuf response = Unpooled.buffer();
            BinaryProtocol.writeRetransmitResponse(response, 1, 2, 2);
            tick(response, 1, 2, 1, 2);
            tick(response, 1, 3, 1, 3);
            retransmit.writeInbound(response);

            ByteBuf heartbeat = Unpooled.buffer();
            BinaryProtocol.writeHeartbeat(heartbeat, 1, 5);
            live.writeInbound(heartbeat);
            engine.drain();

            assertThat(engine.journal().ticks()).extracting(RecordedTick::sourceSeq).containsExactly(1L, 4L, 2L, 3L);
            assertThat(engine.count(Counter.GAPS)).isEqualTo(1);
            assertThat(engine.count(Counter.OUT_OF_ORDER)).isEqualTo(2);
            assertThat(session.stats().backfilled()).isEqualTo(2);
            assertThat(session.stats().gapsUnfilled()).isZero();
            assertThat(session.requester().idle()).isTrue();
            Object further = retransmit.readOutbound();
            assertThat(further).as("no further request").isNull();
            live.finishAndReleaseAll();
            retransmit.finishAndReleaseAll();
        }
    }

    @Test
    void aRetransmissionAnsweredShortCountsAnUnfilledGap() {
        try (EngineHarness engine = new EngineHarness()) {
            BinaryFeedSession session = session(context(engine));
            EmbeddedChannel live = connection(session, BinaryConnectionHandler.Role.LIVE);
            EmbeddedChannel retransmit = connection(session, BinaryConnectionHandler.Role.RETRANSMIT);
            retransmit.writeInbound(logonAndDefinitions());
            ByteBuf in = logonAndDefinitions();
            BinaryProtocol.writeHeartbeat(in, 2, 11);
            live.writeInbound(in);
            ByteBuf request = retransmit.readOutbound();
            assertThat(BinaryProtocol.retransmitFromSeq(request, 0)).isEqualTo(1);
            assertThat(BinaryProtocol.retransmitCount(request, 0)).isEqualTo(10);
            request.release();
            ByteBuf response = Unpooled.buffer();
            BinaryProtocol.writeRetransmitResponse(response, 2, 1, 0);
            retransmit.writeInbound(response);
            assertThat(session.stats().gapsUnfilled()).isEqualTo(1);
            assertThat(session.requester().idle()).isTrue();
            live.finishAndReleaseAll();
            retransmit.finishAndReleaseAll();
        }
    }

    @Test
    void aFullRingStopsReadingTheSocketAndEveryTickIsPublishedOnceItDrains() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        RecordingJournal journal = new RecordingJournal();
        EngineSettings defaults = EngineSettings.defaults();
        EngineSettings tiny = new EngineSettings(64, ThreadingMode.FUSED, "blocking", defaults.producer(),
            defaults.dedupWindow(), defaults.sequenceRules());
        EngineCounters counters = new EngineCounters();
        TickPipeline pipeline = new TickPipeline(tiny, new GatedJournal(journal, release), new StreamTable(tiny.sequenceRules(), tiny.dedupWindow()),
            counters);
        RecordingDeadLetters deadLetters = new RecordingDeadLetters();
        FeedContext context = new FeedContext(new InstrumentRegistry(), pipeline.ingress(), () -> deadLetters, counters,
            EpochClock.system());
        BinaryFeedSession session = session(context);
        EmbeddedChannel channel = connection(session, BinaryConnectionHandler.Role.LIVE);
        ByteBuf in = logonAndDefinitions();
        int ticks = 1_000;
        for (int i = 1; i <= ticks; i++) {
            tick(in, 1, i, 1, i);
        }
        channel.writeInbound(in);
        assertThat(channel.config().isAutoRead()).as("paused while the ring is full").isFalse();

        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((session.stats().messages() < ticks || !channel.config().isAutoRead()) && System.nanoTime() < deadline) {
            channel.runScheduledPendingTasks();
            Thread.onSpinWait();
        }
        pipeline.close();
        assertThat(channel.config().isAutoRead()).as("reading again").isTrue();
        assertThat(journal.ticks()).hasSize(ticks);
        assertThat(journal.ticks()).extracting(RecordedTick::sourceSeq).isSorted().doesNotHaveDuplicates();
        assertThat(deadLetters.rejections()).isEmpty();
        channel.finishAndReleaseAll();
    }

    @Test
    void steadyStateTicksAllocateNothingOnTheFeedThread() {
        // paranoid leak detection records a stack trace on every buffer access: off for this measurement
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        try (EngineHarness engine = new EngineHarness(new RecordingJournal(false))) {
            BinaryFeedSession session = session(context(engine));
            EmbeddedChannel channel = connection(session, BinaryConnectionHandler.Role.LIVE);
            channel.writeInbound(logonAndDefinitions());
            BinaryConnectionHandler handler = channel.pipeline().get(BinaryConnectionHandler.class);
            int[] next = {1};
            decode(session, handler, next, 200_000);
            decode(session, handler, next, 200_000);
            // steady state = once the JIT has compiled the path; on a loaded 2-core machine that can take
            // longer than the warm-up, so take the quietest of several rounds (a real per-tick allocation
            // shows in every round: 200,000 ticks x >= 16 B)
            long allocated = Long.MAX_VALUE;
            for (int round = 0; round < 5 && allocated >= 2_000; round++) {
                long before = Allocations.byThisThread();
                decode(session, handler, next, 200_000);
                allocated = Math.min(allocated, Allocations.byThisThread() - before);
            }
            assertThat(allocated).as("bytes allocated decoding 200,000 ticks").isLessThan(2_000);
            channel.finishAndReleaseAll();
        } finally {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
    }

    private static void decode(BinaryFeedSession session, BinaryConnectionHandler handler, int[] next, int ticks) {
        ByteBuf buf = Unpooled.directBuffer(ticks * TickFlyweight.FRAME_LENGTH);
        for (int i = 0; i < ticks; i++) {
            int seq = next[0]++;
            tick(buf, 1, seq, 1, seq);
        }
        while (buf.isReadable()) {
            if (session.decode(buf, handler) == BinaryFeedSession.FULL) {
                Thread.onSpinWait();
            }
        }
        buf.release();
    }

    /** Holds the journal stage at its first tick until the test opens the gate, so the ring fills. */
    record GatedJournal(RecordingJournal journal, CountDownLatch gate) implements JournalSink {
        @Override
        public void open() {
            journal.open();
        }

        @Override
        public void appendTick(TickEvent tick) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the gate", e);
            }
            journal.appendTick(tick);
        }

        @Override
        public void appendGap(int instrumentId, int channel, long from, long to, long detectedAtNs) {
            journal.appendGap(instrumentId, channel, from, to, detectedAtNs);
        }

        @Override
        public void appendReset(int instrumentId, int channel, long oldHighWaterMark, long newSeq, long atNs) {
            journal.appendReset(instrumentId, channel, oldHighWaterMark, newSeq, atNs);
        }

        @Override
        public void appendDuplicates(int instrumentId, int channel, long first, long last, long count, long atNs) {
            journal.appendDuplicates(instrumentId, channel, first, last, count, atNs);
        }

        @Override
        public void flush() {
            journal.flush();
        }

        @Override
        public void close() {
            journal.close();
        }
    }
}
