package dev.k2.feeds.binary;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.journal.DeadLetterSink;
import dev.k2.engine.journal.RejectReason;
import dev.k2.engine.ring.TickIngress;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.tick.AssetClass;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.engine.time.EpochClock;
import dev.k2.feeds.live.FeedContext;
import dev.k2.feeds.live.FeedStats;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The binary feed's state, owned by its one event-loop thread: the instrument table (wire id →
 * engine id), each channel's next expected sequence, the re-requests in flight, the dead-letter sink.
 * Both connections (live and retransmission) decode through {@link #decode} into ring slots.
 *
 * <p>Per frame: a tick is validated in place (no copy), then a slot is claimed with
 * {@link TickIngress#tryClaim()}; when the ring is full, decoding stops before the frame and reports
 * {@link #FULL}, so the connection stops reading the socket and retries that frame later. A live
 * tick above its channel's expected sequence opens a gap, re-requested on the retransmission port; the
 * tick itself is published at once (the engine records the gap and accepts the late fills). Nothing
 * here allocates per tick.
 */
final class BinaryFeedSession {
    /** {@link #decode} results. */
    static final int OK = 0;
    static final int FULL = 1;
    static final int BROKEN = 2;
    static final int STOPPED = 3;

    private static final int CONNECTS = 0;
    private static final int MESSAGES = 1;
    private static final int MALFORMED = 2;
    private static final int BACKFILLED = 3;
    private static final int MAX_WIRE_INSTRUMENT_ID = 1 << 20;
    private static final int BROKEN_FRAME_BYTES = 64;

    /** What the session needs from the connections' owner. */
    interface Links {
        /** A connection's logon was accepted. */
        void loggedOn(BinaryConnectionHandler.Role role, Channel channel);
    }

    private final InstrumentRegistry registry;
    private final TickIngress ingress;
    private final EngineCounters counters;
    private final EpochClock clock;
    private final java.util.function.Supplier<DeadLetterSink> deadLetterFactory;
    private final RetransmitRequester requester;
    private final AtomicLongArray stats = new AtomicLongArray(4);
    private final TickFlyweight tick = new TickFlyweight();
    private final byte[] rawScratch = new byte[BinaryProtocol.MAX_FRAME_LENGTH + BinaryProtocol.LENGTH_FIELD];
    private Links links;
    private DeadLetterSink deadLetters;
    private int[] engineIdByWireId = new int[64];
    private long[] expectedSeq = new long[16];
    private long sessionId;
    private String venue = "BIN";
    private boolean closed;

    BinaryFeedSession(FeedContext context, RetransmitRequester requester) {
        this.registry = context.registry();
        this.ingress = context.ingress();
        this.counters = context.counters();
        this.clock = context.clock();
        this.deadLetterFactory = context.deadLetters();
        this.requester = requester;
        Arrays.fill(expectedSeq, 1);
    }

    void links(Links links) {
        this.links = links;
    }

    /** On the owning thread, before the first frame: makes this thread's dead-letter sink. */
    void open() {
        deadLetters = deadLetterFactory.get();
    }

    RetransmitRequester requester() {
        return requester;
    }

    boolean closed() {
        return closed;
    }

    /** On the owning thread: no tick is published after this; unanswered re-requests are given up. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        requester.giveUp();
        if (deadLetters != null) {
            deadLetters.close();
        }
    }

    void connected() {
        stats.lazySet(CONNECTS, stats.get(CONNECTS) + 1);
    }

    FeedStats stats() {
        long connects = stats.get(CONNECTS);
        return new FeedStats(connects, Math.max(0, connects - 1), stats.get(MESSAGES), stats.get(MALFORMED),
            stats.get(BACKFILLED), requester.unfilled());
    }

    /**
     * Decodes every whole frame readable in {@code buf}, advancing its reader index past each frame
     * handled. Stops before a tick that finds the ring full.
     *
     * @return {@link #OK} (only a partial frame, if any, is left), {@link #FULL}, {@link #BROKEN}
     * (framing lost: close the connection) or {@link #STOPPED} (the feed is closed)
     */
    int decode(ByteBuf buf, BinaryConnectionHandler connection) {
        if (closed) {
            return STOPPED;
        }
        int status = OK;
        long read = 0;
        long published = 0;
        while (buf.readableBytes() >= BinaryProtocol.HEADER_LENGTH) {
            int frame = buf.readerIndex();
            int length = buf.getUnsignedShortLE(frame);
            if (length < 2 || length > BinaryProtocol.MAX_FRAME_LENGTH) {
                read++;
                reject(buf, frame, Math.min(buf.readableBytes(), BROKEN_FRAME_BYTES), connection,
                    RejectReason.MALFORMED_LINE, "frame length " + length + " is outside 2.."
                        + BinaryProtocol.MAX_FRAME_LENGTH + ": the framing is lost, so the feed reconnects");
                buf.skipBytes(buf.readableBytes());
                status = BROKEN;
                break;
            }
            int frameLength = length + BinaryProtocol.LENGTH_FIELD;
            if (buf.readableBytes() < frameLength) {
                break;
            }
            int type = BinaryProtocol.type(buf, frame);
            int expected = BinaryProtocol.frameLength(type);
            if (expected < 0 || expected != frameLength || BinaryProtocol.version(buf, frame) != BinaryProtocol.VERSION) {
                read++;
                reject(buf, frame, frameLength, connection, RejectReason.MALFORMED_LINE, expected < 0
                    ? "unknown message type " + type
                    : expected != frameLength ? "message type '" + (char) type + "' must be " + expected
                        + " bytes, was " + frameLength
                    : "protocol version " + BinaryProtocol.version(buf, frame) + ", expected " + BinaryProtocol.VERSION);
            } else if (type == BinaryProtocol.TICK) {
                int result = onTick(buf, frame, connection);
                if (result == FULL) {
                    status = FULL;
                    break;
                }
                read++;
                if (result == OK) {
                    published++;
                }
            } else if (!onControl(buf, frame, type, connection)) {
                read++;
            }
            buf.readerIndex(frame + frameLength);
            connection.frameDecoded();
        }
        if (read > 0) {
            counters.add(Counter.READ, read);
        }
        if (published > 0) {
            stats.lazySet(MESSAGES, stats.get(MESSAGES) + published);
        }
        return status;
    }

    /** @return OK when published, FULL when the ring is full (nothing consumed), BROKEN when rejected */
    private int onTick(ByteBuf buf, int frame, BinaryConnectionHandler connection) {
        tick.wrap(buf, frame);
        int wireId = tick.instrumentId();
        int instrumentId = wireId > 0 && wireId < engineIdByWireId.length ? engineIdByWireId[wireId] : 0;
        if (instrumentId == 0) {
            reject(buf, frame, TickFlyweight.FRAME_LENGTH, connection, RejectReason.UNKNOWN_INSTRUMENT,
                "tick names instrument " + wireId + ", which no definition frame defined");
            return BROKEN;
        }
        if (tick.side() > 2 || tick.channelSeq() < 1 || tick.instrumentSeq() < 1 || tick.quantity() <= 0) {
            reject(buf, frame, TickFlyweight.FRAME_LENGTH, connection, RejectReason.BAD_VALUE,
                "tick has side " + tick.side() + ", channel sequence " + tick.channelSeq() + ", instrument sequence "
                    + tick.instrumentSeq() + ", quantity " + tick.quantity()
                    + " (need side 0..2, sequences >= 1, quantity > 0)");
            return BROKEN;
        }
        long sequence = ingress.tryClaim();
        if (sequence == TickIngress.FULL) {
            return FULL;
        }
        int channel = tick.channel();
        boolean retransmitted = connection.role() == BinaryConnectionHandler.Role.RETRANSMIT;
        if (!retransmitted) {
            track(channel, tick.channelSeq());
        }
        TickEvent slot = ingress.slot(sequence);
        slot.kind = TickKind.TRADE;
        slot.instrumentId = instrumentId;
        slot.channel = channel;
        slot.sequencePolicy = SequencePolicy.SESSION;
        slot.sourceSeq = tick.instrumentSeq();
        slot.tradeId = tick.tradeId();
        slot.exchangeTimeNs = tick.exchangeTimeNs();
        slot.receiveTimeNs = clock.epochNanos();
        slot.side = Side.ofCode(tick.side());
        slot.price = tick.price();
        slot.quantity = tick.quantity();
        slot.conditions = tick.conditions();
        ingress.publish(sequence);
        if (retransmitted && requester.expectingTicks()) {
            stats.lazySet(BACKFILLED, stats.get(BACKFILLED) + 1);
            requester.onTick();
        }
        return OK;
    }

    /** Live sequence accounting: a number above the expected one opens a gap to re-request. */
    private void track(int channel, long channelSeq) {
        long expected = expected(channel);
        if (channelSeq > expected) {
            requester.request(channel, expected, channelSeq - expected);
        }
        if (channelSeq >= expected) {
            expectedSeq[channel] = channelSeq + 1;
        }
    }

    private long expected(int channel) {
        if (channel >= expectedSeq.length) {
            int old = expectedSeq.length;
            expectedSeq = Arrays.copyOf(expectedSeq, Math.max(channel + 1, old * 2));
            Arrays.fill(expectedSeq, old, expectedSeq.length, 1);
        }
        return expectedSeq[channel];
    }

    /** @return false when the frame was rejected */
    private boolean onControl(ByteBuf buf, int frame, int type, BinaryConnectionHandler connection) {
        switch (type) {
            case BinaryProtocol.HEARTBEAT -> {
                if (connection.role() == BinaryConnectionHandler.Role.LIVE) {
                    int channel = BinaryProtocol.channel(buf, frame);
                    long next = BinaryProtocol.heartbeatNextSeq(buf, frame);
                    long expected = expected(channel);
                    if (next > expected) {
                        requester.request(channel, expected, next - expected);
                        expectedSeq[channel] = next;
                    }
                }
                return true;
            }
            case BinaryProtocol.LOGON_ACCEPTED -> {
                return onLogonAccepted(buf, frame, connection);
            }
            case BinaryProtocol.INSTRUMENT_DEFINITION -> {
                return onDefinition(buf, frame, connection);
            }
            case BinaryProtocol.RETRANSMIT_RESPONSE -> {
                if (connection.role() == BinaryConnectionHandler.Role.RETRANSMIT && requester.onResponse(
                    BinaryProtocol.channel(buf, frame), BinaryProtocol.retransmitFromSeq(buf, frame),
                    BinaryProtocol.retransmitCount(buf, frame))) {
                    return true;
                }
                reject(buf, frame, BinaryProtocol.RETRANSMIT_RESPONSE_FRAME, connection, RejectReason.BAD_VALUE,
                    "retransmission response answers no request in flight");
                return false;
            }
            default -> {
                reject(buf, frame, BinaryProtocol.frameLength(type), connection, RejectReason.MALFORMED_LINE,
                    "message type '" + (char) type + "' is not sent by a server");
                return false;
            }
        }
    }

    private boolean onLogonAccepted(ByteBuf buf, int frame, BinaryConnectionHandler connection) {
        long id = BinaryProtocol.sessionId(buf, frame);
        String announcedVenue = BinaryProtocol.acceptedVenue(buf, frame);
        if (announcedVenue.isEmpty()) {
            reject(buf, frame, BinaryProtocol.LOGON_ACCEPTED_FRAME, connection, RejectReason.BAD_VALUE,
                "logon accepted without a venue name");
            return false;
        }
        if (connection.role() == BinaryConnectionHandler.Role.LIVE) {
            if (sessionId != 0 && id != sessionId) {
                Arrays.fill(expectedSeq, 1);
                requester.clear();
            }
            sessionId = id;
        }
        venue = announcedVenue;
        links.loggedOn(connection.role(), connection.channel());
        return true;
    }

    private boolean onDefinition(ByteBuf buf, int frame, BinaryConnectionHandler connection) {
        int wireId = BinaryProtocol.definitionInstrumentId(buf, frame);
        String symbol = BinaryProtocol.definitionSymbol(buf, frame);
        if (wireId < 1 || wireId >= MAX_WIRE_INSTRUMENT_ID || symbol == null) {
            reject(buf, frame, BinaryProtocol.INSTRUMENT_DEFINITION_FRAME, connection, RejectReason.BAD_VALUE,
                "instrument definition with id " + wireId + " (need 1.." + (MAX_WIRE_INSTRUMENT_ID - 1)
                    + ") or a symbol length outside 1.." + BinaryProtocol.MAX_SYMBOL_LENGTH);
            return false;
        }
        try {
            int id = registry.intern(venue, symbol,
                AssetClass.ofCode(BinaryProtocol.definitionAssetClass(buf, frame))).id();
            if (wireId >= engineIdByWireId.length) {
                engineIdByWireId = Arrays.copyOf(engineIdByWireId, Math.max(wireId + 1, engineIdByWireId.length * 2));
            }
            engineIdByWireId[wireId] = id;
            return true;
        } catch (IllegalArgumentException badName) {
            reject(buf, frame, BinaryProtocol.INSTRUMENT_DEFINITION_FRAME, connection, RejectReason.BAD_VALUE,
                badName.getMessage());
            return false;
        }
    }

    private void reject(ByteBuf buf, int frame, int length, BinaryConnectionHandler connection, RejectReason reason,
                        String message) {
        int n = Math.min(length, rawScratch.length);
        buf.getBytes(frame, rawScratch, 0, n);
        if (deadLetters == null) {
            open();
        }
        deadLetters.reject(rawScratch, 0, n, connection.source(), connection.framesDecoded() + 1, reason, message);
        counters.increment(Counter.DEAD_LETTERS);
        stats.lazySet(MALFORMED, stats.get(MALFORMED) + 1);
    }
}
