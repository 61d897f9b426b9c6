package dev.k2.engine.ring;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import dev.k2.engine.tick.TickEvent;
import java.util.concurrent.locks.LockSupport;

/**
 * How feeds put ticks into the ring: claim a slot, fill it, publish it. Two ways to claim:
 * {@link #tryClaim()} returns {@link #FULL} at once, so a network feed can stop reading its socket
 * (back-pressure as a return value, STYLE.md 6); {@link #claim()} waits with a backing-off idle
 * (spin briefly, then yield, then park) for file feeds, which may wait. Both throw
 * {@link EngineFailedException} when a stage has failed, so a producer never waits on a dead engine.
 */
public final class TickIngress {
    public static final long FULL = -1;

    private final RingBuffer<TickEvent> ring;
    private final TickPipeline pipeline;

    TickIngress(RingBuffer<TickEvent> ring, TickPipeline pipeline) {
        this.ring = ring;
        this.pipeline = pipeline;
    }

    /** @return a claimed sequence, or {@link #FULL}. */
    public long tryClaim() {
        pipeline.throwIfFailed();
        try {
            return ring.tryNext();
        } catch (InsufficientCapacityException full) {
            return FULL;
        }
    }

    /** Claims a sequence, waiting while the ring is full. */
    public long claim() {
        int idles = 0;
        while (true) {
            long sequence = tryClaim();
            if (sequence != FULL) {
                return sequence;
            }
            idle(idles++);
        }
    }

    private static void idle(int idles) {
        if (idles < 64) {
            Thread.onSpinWait();
        } else if (idles < 128) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(Math.min(1_000L << Math.min(idles - 128, 7), 100_000L));
        }
    }

    /** The slot for a claimed sequence, cleared. */
    public TickEvent slot(long sequence) {
        return ring.get(sequence).clear();
    }

    public void publish(long sequence) {
        ring.publish(sequence);
    }
}
