package dev.k2.feeds.binance;

import dev.k2.engine.journal.DeadLetterSink;
import dev.k2.engine.ring.TickIngress;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.tick.TickEvent;
import dev.k2.feeds.live.FeedContext;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The feed's path from a frame to the ring, on its event loop: decode, claim a slot, fill it,
 * publish, note the id for gap tracking; a malformed frame goes to the dead-letter sink with the raw
 * bytes and the reason, and the connection carries on.
 *
 * <p>Back-pressure: when {@link TickIngress#tryClaim()} returns FULL, the frame (retained) and every
 * later one wait in a FIFO backlog, {@link #offer} returns false so the feed stops reading its
 * sockets, and {@link #drain()} retries; nothing is dropped. Backfilled trades join the same FIFO.
 * In the steady state (backlog empty) nothing is allocated per frame.
 */
final class BinanceIngest {
    /** What the feed must react to. */
    interface Events {
        void onServerShutdown(BinanceConnection connection);
    }

    /** Trades from one REST page for one stream, published in order; then {@code done} runs. */
    static final class BackfillBatch {
        final GapTracker tracker;
        final List<BackfillTrade> trades;
        final Runnable done;
        int next;

        BackfillBatch(GapTracker tracker, List<BackfillTrade> trades, Runnable done) {
            this.tracker = tracker;
            this.trades = trades;
            this.done = done;
        }
    }

    private record PendingFrame(BinanceConnection connection, ByteBuf payload) {
    }

    private final FeedContext context;
    private final TickIngress ingress;
    private final BinanceDecoder decoder;
    private final GapTracker[][] trackers;
    private final FeedCounters counters;
    private final Events events;
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    private DeadLetterSink deadLetters;
    private byte[] scratch = new byte[4096];

    /** @param trackers gap trackers by [instrument id][channel]; null entries for unsequenced streams */
    BinanceIngest(FeedContext context, SymbolTable symbols, GapTracker[][] trackers, FeedCounters counters,
                  Events events) {
        this.context = context;
        this.ingress = context.ingress();
        this.decoder = new BinanceDecoder(symbols);
        this.trackers = trackers;
        this.counters = counters;
        this.events = events;
    }

    /** Opens the dead-letter sink; call on the event loop that will use it. */
    void open() {
        deadLetters = context.deadLetters().get();
    }

    /** Closes the dead-letter sink; call on the event loop. */
    void closeSink() {
        if (deadLetters != null) {
            deadLetters.close();
            deadLetters = null;
        }
    }

    /** @return false when the ring is full (the frame was kept): stop reading until {@link #drain()} returns true */
    boolean offer(BinanceConnection connection, ByteBuf payload) {
        if (!backlog.isEmpty() || !process(connection, payload)) {
            backlog.add(new PendingFrame(connection, payload.retain()));
            return false;
        }
        return true;
    }

    /** Queues backfilled trades behind everything already waiting; publishes what it can now. */
    boolean offer(BackfillBatch batch) {
        backlog.add(batch);
        return drain();
    }

    /** Publishes as much of the backlog as the ring takes. @return true when the backlog is empty. */
    boolean drain() {
        while (!backlog.isEmpty()) {
            Object head = backlog.peek();
            if (head instanceof PendingFrame frame) {
                if (!process(frame.connection, frame.payload)) {
                    return false;
                }
                frame.payload.release();
            } else {
                BackfillBatch batch = (BackfillBatch) head;
                if (!publish(batch)) {
                    return false;
                }
            }
            backlog.poll();
        }
        return true;
    }

    boolean backlogged() {
        return !backlog.isEmpty();
    }

    /** Releases what is still queued (the feed is closing and the engine no longer takes ticks). */
    int discardBacklog() {
        int dropped = 0;
        for (Object item : backlog) {
            if (item instanceof PendingFrame frame) {
                frame.payload.release();
                dropped++;
            }
        }
        backlog.clear();
        return dropped;
    }

    /** @return false when the ring was full (nothing consumed) */
    private boolean process(BinanceConnection connection, ByteBuf payload) {
        int length = payload.readableBytes();
        byte[] bytes;
        int offset;
        if (payload.hasArray()) {
            bytes = payload.array();
            offset = payload.arrayOffset() + payload.readerIndex();
        } else {
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            payload.getBytes(payload.readerIndex(), scratch, 0, length);
            bytes = scratch;
            offset = 0;
        }
        int result = decoder.decode(bytes, offset, length);
        if (result == BinanceDecoder.TICK) {
            long sequence = ingress.tryClaim();
            if (sequence == TickIngress.FULL) {
                return false;
            }
            long now = context.clock().epochNanos();
            try {
                decoder.writeTo(ingress.slot(sequence), now);
            } finally {
                ingress.publish(sequence);
            }
            track(decoder.instrumentId(), decoder.stream().channel(), decoder.id());
        } else if (result == BinanceDecoder.MALFORMED) {
            FeedCounters.increment(counters.malformed);
            context.counters().increment(Counter.DEAD_LETTERS);
            deadLetters.reject(bytes, offset, length, connection.source(), connection.frames(),
                decoder.rejectReason(), decoder.rejectMessage());
        } else if (result == BinanceDecoder.SHUTDOWN) {
            events.onServerShutdown(connection);
        }
        FeedCounters.increment(counters.messages);
        context.counters().increment(Counter.READ);
        return true;
    }

    private void track(int instrumentId, int channel, long id) {
        if (instrumentId < trackers.length) {
            GapTracker tracker = trackers[instrumentId][channel];
            if (tracker != null) {
                tracker.onId(id, System.nanoTime());
            }
        }
    }

    private boolean publish(BackfillBatch batch) {
        while (batch.next < batch.trades.size()) {
            BackfillTrade trade = batch.trades.get(batch.next);
            long sequence = ingress.tryClaim();
            if (sequence == TickIngress.FULL) {
                return false;
            }
            GapTracker tracker = batch.tracker;
            TickEvent slot = ingress.slot(sequence);
            try {
                trade.writeTo(slot, tracker.stream(), tracker.instrumentId(), context.clock().epochNanos());
            } finally {
                ingress.publish(sequence);
            }
            tracker.onId(trade.id(), System.nanoTime());
            FeedCounters.increment(counters.backfilled);
            batch.next++;
        }
        batch.done.run();
        return true;
    }
}
