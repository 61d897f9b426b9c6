package dev.k2.feeds.sim.binary;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.AssetClass;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.time.EpochClock;
import dev.k2.feeds.binary.BinaryProtocol;
import dev.k2.feeds.binary.TickFlyweight;
import dev.k2.feeds.synthetic.TickGenerator;
import io.netty.buffer.ByteBuf;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator's market and its memory: produces the next tick from a seeded
 * {@link TickGenerator} (instrument i, wire id i + 1, symbol {@link TickGenerator#symbol}, on channel
 * {@code i % channels + 1}), numbers it on its channel, encodes it once into the
 * {@link SentTickStore}, and answers re-requests from there with the original bytes. Allocation-free
 * per tick. Owned by the simulator's event loop.
 */
final class MarketTape {
    private final TickGenerator generator;
    private final TickEvent scratch = new TickEvent().clear();
    private final TickFlyweight view = new TickFlyweight();
    private final SentTickStore store;
    private final int channels;
    private final int instruments;
    private final long sessionId;
    private long produced;

    MarketTape(BinarySimSettings settings) {
        this.channels = settings.channels();
        this.instruments = settings.instruments();
        this.generator = new TickGenerator(new InstrumentRegistry(), instruments, settings.seed(), EpochClock.system());
        this.store = new SentTickStore(channels, settings.retainPerChannel());
        long id = settings.seed() * 0x9E3779B97F4A7C15L + instruments * 31L + channels;
        this.sessionId = id == 0 ? 1 : id & Long.MAX_VALUE;
    }

    long sessionId() {
        return sessionId;
    }

    long produced() {
        return produced;
    }

    /** Produces the next tick, stamped with {@code exchangeTimeNs}. @return its channel */
    int produceNext(long exchangeTimeNs) {
        generator.next(scratch);
        int index = scratch.instrumentId - 1;
        int channel = index % channels + 1;
        store.append(channel, view);
        view.channel(channel)
            .side(scratch.side.code())
            .channelSeq(store.lastSeq(channel))
            .instrumentSeq(scratch.sourceSeq)
            .instrumentId(index + 1)
            .exchangeTimeNs(exchangeTimeNs)
            .price(scratch.price)
            .quantity(scratch.quantity)
            .tradeId(scratch.tradeId);
        produced++;
        return channel;
    }

    /** Appends the frame of the last tick produced on {@code channel}. */
    void copyLast(int channel, ByteBuf out) {
        store.copyTo(channel, store.lastSeq(channel), out);
    }

    void writeLogonAccepted(ByteBuf out) {
        BinaryProtocol.writeLogonAccepted(out, sessionId, channels, instruments, BinarySimulator.VENUE);
    }

    int definitionBytes() {
        return instruments * BinaryProtocol.INSTRUMENT_DEFINITION_FRAME;
    }

    void writeDefinitions(ByteBuf out) {
        for (int i = 0; i < instruments; i++) {
            BinaryProtocol.writeInstrumentDefinition(out, i + 1, i % channels + 1, AssetClass.EQUITY.code(),
                TickGenerator.symbol(i));
        }
    }

    int heartbeatBytes() {
        return channels * BinaryProtocol.HEARTBEAT_FRAME;
    }

    void writeHeartbeats(ByteBuf out) {
        for (int c = 1; c <= channels; c++) {
            BinaryProtocol.writeHeartbeat(out, c, store.lastSeq(c) + 1);
        }
    }

    /**
     * How many of the {@code count} ticks from {@code fromSeq} on {@code channel} can be sent again:
     * all that were produced and are still retained, from {@code fromSeq} on; 0 when {@code fromSeq}
     * is no longer retained or the channel does not exist.
     */
    int retransmittable(int channel, long fromSeq, long count) {
        if (channel < 1 || channel > channels || fromSeq < store.firstRetained(channel) || count < 1) {
            return 0;
        }
        long available = store.lastSeq(channel) - fromSeq + 1;
        return (int) Math.max(0, Math.min(Math.min(count, available), BinaryProtocol.MAX_RETRANSMIT_COUNT));
    }

    void copy(int channel, long seq, ByteBuf out) {
        store.copyTo(channel, seq, out);
    }

    Map<Integer, SimSummary.ChannelSummary> channelSummaries() {
        Map<Integer, SimSummary.ChannelSummary> map = new TreeMap<>();
        for (int c = 1; c <= channels; c++) {
            long last = store.lastSeq(c);
            map.put(c, new SimSummary.ChannelSummary(last > 0 ? 1 : 0, last, last));
        }
        return map;
    }

    void release() {
        store.release();
    }
}
