package dev.k2.feeds.sim.binary;

import dev.k2.feeds.binary.TickFlyweight;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Every tick frame the simulator produced, per channel, so the retransmission port can answer with
 * the original bytes: fixed 64-byte frames in 4 MiB chunks, addressed by channel sequence. Keeps at
 * most {@code retainPerChannel} frames per channel (older chunks are freed, as a real re-request
 * server forgets old data). Owned by the simulator's event loop.
 */
final class SentTickStore {
    private static final int CHUNK_SHIFT = 16;
    private static final int CHUNK_FRAMES = 1 << CHUNK_SHIFT;
    private static final int FRAME = TickFlyweight.FRAME_LENGTH;

    private final List<List<ByteBuf>> chunks = new ArrayList<>();
    private final long[] lastSeq;
    private final long[] firstRetained;
    private final long retainPerChannel;

    SentTickStore(int channels, long retainPerChannel) {
        this.lastSeq = new long[channels + 1];
        this.firstRetained = new long[channels + 1];
        this.retainPerChannel = Math.max(CHUNK_FRAMES, retainPerChannel);
        for (int c = 0; c <= channels; c++) {
            chunks.add(new ArrayList<>());
            firstRetained[c] = 1;
        }
    }

    /** Room for the next frame of {@code channel} (sequence {@code lastSeq + 1}); the caller fills it. */
    ByteBuf append(int channel, TickFlyweight view) {
        long seq = ++lastSeq[channel];
        List<ByteBuf> list = chunks.get(channel);
        int chunk = (int) ((seq - 1) >>> CHUNK_SHIFT);
        while (list.size() <= chunk) {
            list.add(Unpooled.buffer(CHUNK_FRAMES * FRAME, CHUNK_FRAMES * FRAME));
        }
        ByteBuf buf = list.get(chunk);
        view.appendTo(buf);
        forget(channel, seq);
        return buf;
    }

    private void forget(int channel, long seq) {
        long keepFrom = seq - retainPerChannel + 1;
        List<ByteBuf> list = chunks.get(channel);
        while (firstRetained[channel] + CHUNK_FRAMES <= keepFrom) {
            int chunk = (int) ((firstRetained[channel] - 1) >>> CHUNK_SHIFT);
            ByteBuf old = list.get(chunk);
            if (old != null) {
                old.release();
                list.set(chunk, null);
            }
            firstRetained[channel] += CHUNK_FRAMES;
        }
    }

    long lastSeq(int channel) {
        return lastSeq[channel];
    }

    long firstRetained(int channel) {
        return firstRetained[channel];
    }

    /** Copies the frame of {@code seq} on {@code channel} to {@code out}; the caller checks it is retained. */
    void copyTo(int channel, long seq, ByteBuf out) {
        ByteBuf chunk = chunks.get(channel).get((int) ((seq - 1) >>> CHUNK_SHIFT));
        out.writeBytes(chunk, (int) ((seq - 1) & (CHUNK_FRAMES - 1)) * FRAME, FRAME);
    }

    void release() {
        for (List<ByteBuf> list : chunks) {
            for (ByteBuf buf : list) {
                if (buf != null) {
                    buf.release();
                }
            }
            list.clear();
        }
    }
}
