package dev.k2.feeds.binary;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayDeque;

/**
 * Asks the retransmission port for the channel sequences the live stream missed, one request in
 * flight at a time (the server answers in order), each at most {@link BinaryProtocol#MAX_RETRANSMIT_COUNT}
 * ticks. Owned by the feed's event loop. Work is kept across a lost link: the unanswered remainder of
 * the request in flight goes back to the front of the queue and is asked again on the next link.
 * Gaps are rare, so a gap may allocate (a queue entry); the ticks of a response do not.
 */
final class RetransmitRequester {
    private final ArrayDeque<long[]> pending = new ArrayDeque<>();
    private final Runnable connect;
    private Channel link;
    private boolean inFlight;
    private int flightChannel;
    private long flightFrom;
    private long flightCount;
    /** Ticks the current response announced, or -1 before its header arrives. */
    private long announced = -1;
    private long received;
    /** Written by the owning thread only; read by any. */
    private volatile long unfilled;

    /** @param connect asks the feed to open (or re-open, after its back-off) the retransmission link */
    RetransmitRequester(Runnable connect) {
        this.connect = connect;
    }

    /** Queues a re-request of {@code count} channel sequences from {@code fromSeq}. */
    void request(int channel, long fromSeq, long count) {
        long from = fromSeq;
        long left = count;
        while (left > 0) {
            long chunk = Math.min(left, BinaryProtocol.MAX_RETRANSMIT_COUNT);
            pending.addLast(new long[] {channel, from, chunk});
            from += chunk;
            left -= chunk;
        }
        pump();
    }

    private void pump() {
        if (inFlight || pending.isEmpty()) {
            return;
        }
        if (link == null) {
            connect.run();
            return;
        }
        long[] next = pending.pollFirst();
        inFlight = true;
        flightChannel = (int) next[0];
        flightFrom = next[1];
        flightCount = next[2];
        announced = -1;
        received = 0;
        ByteBuf out = link.alloc().buffer(BinaryProtocol.RETRANSMIT_REQUEST_FRAME);
        BinaryProtocol.writeRetransmitRequest(out, flightChannel, flightFrom, (int) flightCount);
        link.writeAndFlush(out, link.voidPromise());
    }

    /** The retransmission link is logged on. */
    void linkUp(Channel channel) {
        link = channel;
        pump();
    }

    /** The link is gone: the unanswered rest of the request in flight is queued again, first. */
    void linkDown() {
        link = null;
        if (inFlight) {
            long done = received;
            if (flightCount > done) {
                pending.addFirst(new long[] {flightChannel, flightFrom + done, flightCount - done});
            }
            inFlight = false;
            announced = -1;
        }
        if (!pending.isEmpty()) {
            connect.run();
        }
    }

    /**
     * A response header arrived.
     *
     * @return false when it answers no request in flight (a protocol error)
     */
    boolean onResponse(int channel, long fromSeq, long count) {
        if (!inFlight || announced >= 0 || channel != flightChannel || fromSeq != flightFrom || count > flightCount) {
            return false;
        }
        if (count < flightCount) {
            unfilled++;
        }
        announced = count;
        if (count == 0) {
            finish();
        }
        return true;
    }

    /** @return true when a tick on the link belongs to the response in flight */
    boolean expectingTicks() {
        return inFlight && announced > received;
    }

    /** One tick of the response arrived and was published. */
    void onTick() {
        received++;
        if (received == announced) {
            finish();
        }
    }

    private void finish() {
        inFlight = false;
        announced = -1;
        pump();
    }

    /** Forgets all work (the session changed: its sequences mean nothing now). */
    void clear() {
        pending.clear();
        inFlight = false;
        announced = -1;
    }

    /** Gives up all work at close; every range not answered counts as unfilled. */
    void giveUp() {
        unfilled += pending.size() + (inFlight ? 1 : 0);
        clear();
    }

    boolean idle() {
        return !inFlight && pending.isEmpty();
    }

    boolean hasWork() {
        return !idle();
    }

    /** Ranges given up: answered short (not retained) or still open at close. */
    long unfilled() {
        return unfilled;
    }
}
