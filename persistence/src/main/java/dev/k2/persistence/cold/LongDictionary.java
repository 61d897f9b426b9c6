package dev.k2.persistence.cold;

import java.util.Arrays;

/**
 * The distinct values of one int32 or int64 column chunk, numbered in order of first appearance by
 * an open-addressing hash table (linear probing, at most half full), then renumbered in ascending
 * order so that a page's minimum and maximum are its smallest and largest id. Reused for every
 * chunk of a batch; {@link #clear()} costs the table's size.
 */
final class LongDictionary {
    private long[] keys = new long[1024];
    /** Per slot: id + 1, 0 when empty. */
    private int[] slots = new int[1024];
    private long[] entries = new long[512];
    private int size;

    int size() {
        return size;
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(slots, 0);
            size = 0;
        }
    }

    /** The id of {@code value}, added when new. */
    int add(long value) {
        int mask = slots.length - 1;
        int slot = mix(value) & mask;
        while (true) {
            int id = slots[slot] - 1;
            if (id < 0) {
                break;
            }
            if (keys[slot] == value) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size] = value;
        keys[slot] = value;
        slots[slot] = ++size;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return size - 1;
    }

    private void rehash(int capacity) {
        keys = new long[capacity];
        slots = new int[capacity];
        int mask = capacity - 1;
        for (int id = 0; id < size; id++) {
            int slot = mix(entries[id]) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = entries[id];
            slots[slot] = id + 1;
        }
    }

    private static int mix(long value) {
        long h = value * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /**
     * Sorts the entries ascending and returns, by old id, the new one; {@link #entry} then answers by
     * new id.
     */
    int[] sort(int[] rank) {
        long[] sorted = Arrays.copyOf(entries, size);
        Arrays.sort(sorted);
        int[] newId = rank.length >= size ? rank : new int[size];
        for (int id = 0; id < size; id++) {
            newId[id] = Arrays.binarySearch(sorted, entries[id]);
        }
        System.arraycopy(sorted, 0, entries, 0, size);
        return newId;
    }

    long entry(int id) {
        return entries[id];
    }
}
