package dev.k2.engine.dedup;

import org.agrona.collections.LongHashSet;

/**
 * The last {@code capacity} native ids of one unsequenced stream: exact within the window, bounded
 * in memory, first in first out. A FIFO ring of ids plus a hash set sized up front so that steady
 * state never resizes (no allocation).
 */
public final class RecentIdWindow {
    private final long[] ring;
    private final LongHashSet seen;
    private int next;
    private int size;

    public RecentIdWindow(int capacity) {
        ring = new long[capacity];
        seen = new LongHashSet(capacity * 2);
    }

    /** @return true when {@code id} was not in the window (it is now); false for a duplicate. */
    public boolean add(long id) {
        if (seen.contains(id)) {
            return false;
        }
        if (size == ring.length) {
            seen.remove(ring[next]);
        } else {
            size++;
        }
        ring[next] = id;
        next = next + 1 == ring.length ? 0 : next + 1;
        seen.add(id);
        return true;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return ring.length;
    }

    /** The remembered ids, oldest first (for checkpoints). */
    public long[] idsOldestFirst() {
        long[] ids = new long[size];
        int start = size == ring.length ? next : 0;
        for (int i = 0; i < size; i++) {
            ids[i] = ring[(start + i) % ring.length];
        }
        return ids;
    }
}
